-- pgbench: the SQL GET /api/v1/auth/me issues (src/auth/users_repo.cpp FindViewById), for one of
-- the load's users.
\set id random(2, 65)
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = :id;
