-- pgbench: the SQL POST /api/v1/apps issues, in order, for one of the first :users load users
-- (-D users=64: the spread over the load's users; 32: the contention case, two connections per
-- user on average). The caller, read outside any transaction (src/auth/users_repo.cpp
-- FindViewById; the server sends it on the I/O thread's pipelined connection, here it shares the
-- transaction's). Then src/apps/service.cpp AppsService::Create in one transaction: the owner's
-- row locked (users_repo.cpp FindByIdForUpdate), which serialises one user's creates; the apps
-- they own counted for the limit (src/apps/apps_repo.cpp CountOwned); the app and its owner
-- membership inserted (apps_repo.cpp Insert). The route has no rate limit.
\set id random(2, 1 + :users)
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = :id;
BEGIN;
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id FROM users WHERE id = :id FOR UPDATE;
SELECT COUNT(*) FROM apps WHERE owner_id = :id;
INSERT INTO apps (owner_id, name, description, created_at, updated_at) VALUES (:id, 'bench ceiling app', 'created by make bench', :now, :now) RETURNING id \gset app_
INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at) VALUES (:app_id, :id, 'owner', :now, :now);
COMMIT;
