-- make bench: 10,000 verified users on top of the one createsuperuser made (id 1, whose password
-- hash every seeded user shares, so that any of them can log in with the bench password).
-- Every fifth user is pro with an active subscription; everyone owns 1-3 apps, shares them with
-- the next two users (editor, viewer), and the first 64 users (the ones the load logs in as)
-- also see 30 more apps each, so that GET /apps has more than one page of 20, and may create as
-- many apps as they like.
\set ON_ERROR_STOP on
-- The throwaway cluster commits asynchronously; VACUUM below may only mark pages all-visible once
-- the seed's commit is flushed, so this one commit waits for it.
SET synchronous_commit = on;
BEGIN;

INSERT INTO users (email, password_hash, user_type, is_verified, date_joined, updated_at)
SELECT 'user' || n || '@bench.example',
       (SELECT password_hash FROM users WHERE id = 1),
       CASE WHEN n % 5 = 0 THEN 'pro' ELSE 'basic' END,
       1,
       1700000000 + n,
       1700000000 + n
FROM generate_series(1, 10000) AS n;
-- Named after the id, so that the fake Stripe (bench/nginx.conf.in) can answer for any of them.
UPDATE users SET stripe_customer_id = 'cus_bench_' || id WHERE id > 1;
-- The load's users (ids 2..65) create and delete apps without meeting their plan's limit.
UPDATE users SET app_limit_override = 1000000 WHERE id BETWEEN 2 AND 65;

INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, price_id, status,
                           current_period_end, stripe_created, created_at, updated_at)
SELECT u.id, 'sub_bench_' || u.id, u.stripe_customer_id, 'price_bench_pro', 'active',
       1900000000, 1700000000, 1700000000, 1700000000
FROM users u
WHERE u.user_type = 'pro';

INSERT INTO apps (owner_id, name, description, created_at, updated_at)
SELECT u.id, 'App ' || k || ' of user ' || u.id, 'Seeded for make bench', 1700000000 + k,
       1700000000 + k
FROM users u, generate_series(1, 3) AS k
WHERE u.id > 1 AND k <= 1 + u.id % 3;

INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at)
SELECT a.id, a.owner_id, 'owner', a.created_at, a.created_at FROM apps a;

-- Collaborations: the next two users by id, when they exist.
INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at)
SELECT a.id, a.owner_id + d, CASE d WHEN 1 THEN 'editor' ELSE 'viewer' END, a.created_at,
       a.created_at
FROM apps a, generate_series(1, 2) AS d
WHERE a.owner_id + d <= (SELECT max(id) FROM users)
ON CONFLICT DO NOTHING;

-- The load's users (ids 2..65) see 30 more apps: the first app of 30 users far from them.
INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at)
SELECT a.id, u.id, 'viewer', 1700000000, a.created_at
FROM users u
JOIN generate_series(1, 30) AS k ON true
JOIN apps a ON a.owner_id = u.id + 100 + k AND a.created_at = 1700000001
WHERE u.id BETWEEN 2 AND 65
ON CONFLICT DO NOTHING;

COMMIT;
-- As autovacuum would have long since done on a live database: statistics, and the visibility
-- map that lets index-only scans skip the heap.
VACUUM ANALYZE;
