-- pgbench: the SQL of POST /api/v1/apps and then DELETE /api/v1/apps/{id} of the app it made, as
-- bench/apps_create_delete.lua sends them: one transaction of this script is two requests (run.sh
-- doubles its rate). The POST as in bench/apps_create.sql (src/auth/users_repo.cpp FindViewById;
-- src/apps/service.cpp AppsService::Create: create_owned_app, migration 0011). The DELETE: the caller again (FindViewById),
-- then src/apps/service.cpp AppsService::Delete in one transaction: the caller's membership of
-- the app (apps_repo.cpp FindForMember, via RequireMember), then apps_repo.cpp Delete (members,
-- then the app). The routes have no rate limit.
\set id random(2, 65)
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = :id;
SELECT o_app_id AS app_id FROM create_owned_app(:id, 'bench ceiling app', 'created by make bench', :now, 3, 25) \gset
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = :id;
BEGIN;
SELECT a.id, a.name, a.description, a.owner_id, m.role, a.created_at, a.updated_at FROM app_members m JOIN apps a ON a.id = m.app_id WHERE m.app_id = :app_id AND m.user_id = :id;
DELETE FROM app_members WHERE app_id = :app_id;
DELETE FROM apps WHERE id = :app_id;
COMMIT;
