-- make bench-scale: :users verified users (psql -v users=N; 1,000,000 by default in
-- bench/scale.sh) on top of the one createsuperuser made (id 1, whose password hash every seeded
-- user shares), 3 apps each (3 × :users), and about 10 × :users memberships. Set-based: one
-- INSERT per table, ids given (the identities are moved past them at the end).
--
-- What bench/seed.sql gives make bench's load is kept: user n is user<n>@bench.example with id
-- n + 1, every fifth is pro with an active subscription sub_bench_<id> of customer cus_bench_<id>
-- (the fake Stripe of bench/nginx.conf.in answers for any id), and the load's users (ids 2..65)
-- have app_limit_override 1000000. Each app is shared with the next two users (editor, viewer)
-- and each user's first app with the third (viewer). The load's users also see 200 more apps
-- (the first app of users 101..300 ids away), so that GET /apps has a deep page (page 11).
--
-- The indexes that back no constraint are dropped first and made again from their own
-- definitions afterwards (one sort each instead of 10^7 insertions into the GIN trigram index);
-- keys, constraints, foreign keys and triggers stay as the migrations made them.
\set ON_ERROR_STOP on
SET synchronous_commit = on;
SET maintenance_work_mem = '256MB';
BEGIN;

CREATE TEMP TABLE scale_indexes ON COMMIT DROP AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relname IN ('users', 'apps', 'app_members', 'subscriptions')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT name FROM scale_indexes LOOP EXECUTE 'DROP INDEX ' || r.name; END LOOP;
END $$;

INSERT INTO users (id, email, password_hash, user_type, is_verified, date_joined, last_login,
                   app_limit_override, stripe_customer_id, updated_at)
SELECT n + 1,
       'user' || n || '@bench.example',
       (SELECT password_hash FROM users WHERE id = 1),
       CASE WHEN n % 5 = 0 THEN 'pro' ELSE 'basic' END,
       1,
       1700000000 + n,
       -- Half have logged in, so that ordering by last_login has both kinds.
       CASE WHEN n % 2 = 0 THEN 1710000000 + n END,
       CASE WHEN n + 1 BETWEEN 2 AND 65 THEN 1000000 END,
       'cus_bench_' || (n + 1),
       1700000000 + n
FROM generate_series(1, :users) AS n;

INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, price_id, status,
                           current_period_end, stripe_created, created_at, updated_at)
SELECT n + 1, 'sub_bench_' || (n + 1), 'cus_bench_' || (n + 1), 'price_bench_pro', 'active',
       1900000000, 1700000000, 1700000000, 1700000000
FROM generate_series(5, :users, 5) AS n;

-- App 3(u - 2) + k is the k-th app of user u.
INSERT INTO apps (id, owner_id, name, description, created_at, updated_at)
SELECT 3 * (u - 2) + k, u, 'App ' || k || ' of user ' || u, 'Seeded for make bench-scale',
       1700000000 + k, 1700000000 + k
FROM generate_series(2, :users + 1) AS u, generate_series(1, 3) AS k;

-- The owner (d = 0), the next two users (every app) and the third (first apps only).
INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at)
SELECT 3 * (u - 2) + k, u + d, CASE d WHEN 0 THEN 'owner' WHEN 1 THEN 'editor' ELSE 'viewer' END,
       1700000000 + k, 1700000000 + k
FROM generate_series(2, :users + 1) AS u, generate_series(1, 3) AS k, generate_series(0, 3) AS d
WHERE u + d <= :users + 1 AND (d < 3 OR k = 1);

INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at)
SELECT 3 * (u + 100 + j - 2) + 1, u, 'viewer', 1700000000, 1700000001
FROM generate_series(2, 65) AS u, generate_series(1, 200) AS j
WHERE u + 100 + j <= :users + 1;

DO $$
DECLARE r record;
BEGIN
  PERFORM setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
  PERFORM setval(pg_get_serial_sequence('apps', 'id'), (SELECT max(id) FROM apps));
  FOR r IN SELECT def FROM scale_indexes LOOP EXECUTE r.def; END LOOP;
END $$;

COMMIT;
-- As autovacuum would have long since done on a live database: statistics, and the visibility
-- map that lets index-only scans skip the heap.
VACUUM ANALYZE;
