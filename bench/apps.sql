-- pgbench: the SQL GET /api/v1/apps issues: the caller (src/auth/users_repo.cpp FindViewById), then
-- the first page of 20 with the total (src/apps/apps_repo.cpp ListForMember).
\set id random(2, 65)
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = :id;
SELECT a.id, a.name, a.description, a.owner_id, m.role, a.created_at, a.updated_at, (SELECT COUNT(*) FROM app_members c WHERE c.user_id = :id) FROM app_members m JOIN apps a ON a.id = m.app_id WHERE m.user_id = :id ORDER BY m.app_created_at DESC, m.app_id DESC LIMIT 20 OFFSET 0;
