-- make bench-scale: the SQL each measured route issues, for EXPLAIN (ANALYZE) after the seed.
-- bench/scale.sh runs each statement alone, in a transaction it rolls back, with psql variables
-- for representative parameters: :uid a load user (2), :app their first app (1), :sub_user a pro
-- user (6), :deep_offset the offset of GET /apps' deep page, :search the admin search's LIKE
-- pattern and :term its text, :admin_offset the admin page's offset (each admin plan runs at page 1, the middle
-- page and the last). A "-- plan: KEY: WHAT" line names the statement after it; KEY is the
-- route's key in scale.sh's table. The statements are copied from the files named, with the
-- placeholders that the code binds.

-- plan: me: users_repo.cpp FindViewById (every caller)
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = :uid;
-- plan: apps: apps_repo.cpp PageForMember, page 1
SELECT a.id, a.name, a.description, a.owner_id, m.role, a.created_at, a.updated_at, (SELECT COUNT(*) FROM app_members c WHERE c.user_id = :uid) FROM app_members m JOIN apps a ON a.id = m.app_id WHERE m.user_id = :uid ORDER BY m.app_created_at DESC, m.app_id DESC LIMIT 20 OFFSET 0;
-- plan: apps_deep: apps_repo.cpp PageForMember, deep page
SELECT a.id, a.name, a.description, a.owner_id, m.role, a.created_at, a.updated_at, (SELECT COUNT(*) FROM app_members c WHERE c.user_id = :uid) FROM app_members m JOIN apps a ON a.id = m.app_id WHERE m.user_id = :uid ORDER BY m.app_created_at DESC, m.app_id DESC LIMIT 20 OFFSET :deep_offset;

-- POST /apps: create_owned_app (migration 0011), statement by statement (EXPLAIN of the call
-- itself shows only a Function Scan).
-- plan: apps_create: create_owned_app, the owner locked
SELECT u.user_type, u.app_limit_override FROM users u WHERE u.id = :uid FOR UPDATE;
-- plan: apps_create: create_owned_app, the apps owned
SELECT COUNT(*) FROM apps a WHERE a.owner_id = :uid;
-- plan: apps_create: create_owned_app, the app
INSERT INTO apps (owner_id, name, description, created_at, updated_at) VALUES (:uid, 'bench plan', '', 1700000000, 1700000000) RETURNING id;
-- plan: apps_create: create_owned_app, the owner's membership
INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at) VALUES (:app, 65, 'viewer', 1700000000, 1700000000);
-- plan: member: apps_repo.cpp FindForMember (RequireMember: PATCH, DELETE)
SELECT a.id, a.name, a.description, a.owner_id, m.role, a.created_at, a.updated_at FROM app_members m JOIN apps a ON a.id = m.app_id WHERE m.app_id = :app AND m.user_id = :uid;
-- plan: apps_update: apps_repo.cpp Update
UPDATE apps SET name = 'bench plan', description = '', updated_at = 1700000000 WHERE id = :app;
-- plan: apps_delete: apps_repo.cpp Delete, the memberships
DELETE FROM app_members WHERE app_id = :app;
-- plan: apps_delete: apps_repo.cpp Delete, the app
DELETE FROM apps WHERE id = :app;

-- plan: refresh: sessions_repo.cpp FindByHash
SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at FROM refresh_sessions WHERE token_hash = 'plan' FOR UPDATE;
-- plan: refresh: users_repo.cpp FindById
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id FROM users WHERE id = :uid;
-- plan: refresh: sessions_repo.cpp MarkRotated
UPDATE refresh_sessions SET rotated_at = 1700000000 WHERE id = 1;
-- plan: refresh: sessions_repo.cpp Insert
INSERT INTO refresh_sessions (user_id, family_id, token_hash, parent_id, created_at, expires_at) VALUES (:uid, 'plan', 'plan', NULL, 1700000000, 1700604800);
-- plan: refresh: apps_repo.cpp CountOwned
SELECT COUNT(*) FROM apps WHERE owner_id = :uid;

-- plan: webhook: billing_repo.cpp ClaimEvent
INSERT INTO webhook_events (event_id, type, status, attempts, received_at, processed_at) VALUES ('evt_plan', 'customer.subscription.updated', 'processed', 1, 1700000000, 1700000000) ON CONFLICT (event_id) DO UPDATE SET status = 'processed', attempts = webhook_events.attempts + 1, processed_at = excluded.processed_at, last_error = NULL WHERE webhook_events.status = 'failed' RETURNING event_id;
-- plan: webhook: billing_repo.cpp LockPlanHolderByCustomer
SELECT id, user_type FROM users WHERE stripe_customer_id = 'cus_bench_' || :sub_user FOR NO KEY UPDATE;
-- plan: webhook: billing_repo.cpp ReadBeforeWrite
SELECT user_id, stripe_subscription_id, stripe_customer_id, plan_id, price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, stripe_created FROM subscriptions WHERE user_id = :sub_user OR stripe_subscription_id = 'sub_bench_' || :sub_user ORDER BY stripe_created DESC, id DESC;
-- plan: webhook: billing_repo.cpp UpsertSubscription
INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, plan_id, price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, stripe_created, created_at, updated_at) VALUES (:sub_user, 'sub_bench_' || :sub_user, 'cus_bench_' || :sub_user, 'pro_monthly', 'price_bench_pro', 'active', 1900000000, 0, NULL, NULL, 1700000000, 1700000000, 1700000000) ON CONFLICT (stripe_subscription_id) DO UPDATE SET user_id = excluded.user_id, stripe_customer_id = excluded.stripe_customer_id, plan_id = excluded.plan_id, price_id = excluded.price_id, status = excluded.status, current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end, trial_end = excluded.trial_end, canceled_at = excluded.canceled_at, stripe_created = excluded.stripe_created, updated_at = excluded.updated_at;
-- plan: webhook: billing_repo.cpp WriteUserType
UPDATE users SET user_type = 'pro', updated_at = 1700000000 WHERE id = :sub_user;

-- Admin: admin_repo.cpp ListUsers (the page's ids first, PageIds: a search reads its matches
-- first) and CountUsers.
-- plan: admin_search: ListUsers ?search=
SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), u.mfa_enabled FROM (SELECT u.id FROM (SELECT u.id, u.email, u.date_joined, u.last_login FROM users u WHERE u.email LIKE :'search' ESCAPE '\' OFFSET 0) u ORDER BY u.date_joined DESC, u.id DESC LIMIT 20 OFFSET :admin_offset) p JOIN users u ON u.id = p.id ORDER BY u.date_joined DESC, u.id DESC;
-- plan: admin_search_first: ListUsers ?search= page 1 (wide, admin_repo.cpp WalkBudget: the first 1,000 in order, tested)
SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), u.mfa_enabled FROM (SELECT u.id FROM (SELECT u.id, u.email, u.date_joined, u.last_login FROM users u ORDER BY u.date_joined DESC, u.id DESC LIMIT 1000) u WHERE strpos(u.email, :'term') > 0 ORDER BY u.date_joined DESC, u.id DESC LIMIT 21 OFFSET 0) p JOIN users u ON u.id = p.id ORDER BY u.date_joined DESC, u.id DESC;
-- plan: admin_search: CountUsers ?search=
SELECT COUNT(*) FROM users u WHERE u.email LIKE :'search' ESCAPE '\';
-- plan: admin_filter: ListUsers ?user_type=pro
SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), u.mfa_enabled FROM (SELECT u.id FROM users u WHERE u.user_type = 'pro' ORDER BY u.date_joined DESC, u.id DESC LIMIT 20 OFFSET :admin_offset) p JOIN users u ON u.id = p.id ORDER BY u.date_joined DESC, u.id DESC;
-- plan: admin_filter: CountUsers ?user_type=pro (the user_counts ledger, migration 0014)
SELECT CAST(COALESCE(SUM(CASE WHEN u.user_type = 'pro' THEN u.n ELSE 0 END), 0) AS BIGINT), COUNT(*) FROM user_counts u;
-- plan: admin_order: ListUsers ?ordering=email
SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), u.mfa_enabled FROM (SELECT u.id FROM users u ORDER BY u.email ASC LIMIT 20 OFFSET :admin_offset) p JOIN users u ON u.id = p.id ORDER BY u.email ASC;
-- The same pages as a next link reads them (admin_repo.cpp Reads: a seek after the position of
-- the row before the page, :k and :i, one row more than the page).
-- plan: admin_search_link: ListUsers ?search= after a cursor (wide: the next 1,000 in order, tested)
SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), u.mfa_enabled FROM (SELECT u.id FROM (SELECT u.id, u.email, u.date_joined, u.last_login FROM users u WHERE (u.date_joined, u.id) < (:k, :i) ORDER BY u.date_joined DESC, u.id DESC LIMIT 1000) u WHERE strpos(u.email, :'term') > 0 ORDER BY u.date_joined DESC, u.id DESC LIMIT 21 OFFSET 0) p JOIN users u ON u.id = p.id ORDER BY u.date_joined DESC, u.id DESC;
-- plan: admin_filter_link: ListUsers ?user_type=pro after a cursor
SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), u.mfa_enabled FROM (SELECT u.id FROM users u WHERE u.user_type = 'pro' AND (u.date_joined, u.id) < (:k, :i) ORDER BY u.date_joined DESC, u.id DESC LIMIT 21 OFFSET 0) p JOIN users u ON u.id = p.id ORDER BY u.date_joined DESC, u.id DESC;
-- plan: admin_order_link: ListUsers ?ordering=email after a cursor
SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), u.mfa_enabled FROM (SELECT u.id FROM users u WHERE u.email > :'k' ORDER BY u.email ASC LIMIT 21 OFFSET 0) p JOIN users u ON u.id = p.id ORDER BY u.email ASC;
-- plan: admin_order: CountUsers (no filter; the ledger)
SELECT CAST(COALESCE(SUM(CASE WHEN 1 = 1 THEN u.n ELSE 0 END), 0) AS BIGINT), COUNT(*) FROM user_counts u;
