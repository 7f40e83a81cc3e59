-- pgbench: the SQL PATCH /api/v1/apps/{id} issues, on the app run.sh made for each of the load's
-- users (ids :patch_base .. :patch_base + 63, app :patch_base + n - 2 owned by user n). The
-- caller, read outside any transaction (src/auth/users_repo.cpp FindViewById), then
-- src/apps/service.cpp AppsService::Update in one transaction: the caller's membership of the app
-- (src/apps/apps_repo.cpp FindForMember, via RequireMember), then apps_repo.cpp Update. The route
-- has no rate limit.
\set id random(2, 65)
\set app :patch_base + :id - 2
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = :id;
BEGIN;
SELECT a.id, a.name, a.description, a.owner_id, m.role, a.created_at, a.updated_at FROM app_members m JOIN apps a ON a.id = m.app_id WHERE m.app_id = :app AND m.user_id = :id;
UPDATE apps SET name = 'bench app patched', description = 'patched by make bench', updated_at = :now WHERE id = :app;
COMMIT;
