-- pgbench: the SQL POST /api/v1/apps issues, in order, for one of the first :users load users
-- (-D users=64: the spread over the load's users; 32: the contention case, two connections per
-- user on average). The caller, read outside any transaction (src/auth/users_repo.cpp
-- FindViewById; the server sends it on the I/O thread's pipelined connection, here it shares the
-- pgbench connection). Then src/apps/service.cpp AppsService::Create, on PostgreSQL one call
-- (src/apps/apps_repo.cpp CreateWithinLimit): create_owned_app (migration 0011) locks the owner's
-- row, counts the apps they own and inserts the app and its owner membership, in autocommit. The
-- limits are the defaults (APP_LIMIT_BASIC 3, APP_LIMIT_PRO 25); the load users have an override
-- (bench/seed.sql). The route has no rate limit.
\set id random(2, 1 + :users)
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = :id;
SELECT o_app_id, o_owned, o_limit, o_user_type FROM create_owned_app(:id, 'bench ceiling app', 'created by make bench', :now, 3, 25);
