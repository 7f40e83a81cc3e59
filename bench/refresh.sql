-- pgbench: the SQL POST /api/v1/auth/token/refresh issues when it rotates a live refresh token:
-- src/auth/service.cpp AuthService::Refresh in one transaction: the session found by its token's
-- hash and locked (src/auth/sessions_repo.cpp FindByHash, FOR UPDATE on PostgreSQL), its user
-- (src/auth/users_repo.cpp FindById), the session marked rotated (sessions_repo.cpp MarkRotated),
-- then AuthService::Issue: the successor inserted in the same family (sessions_repo.cpp Insert)
-- and the user's apps counted for the answer (src/apps/apps_repo.cpp CountOwned, via
-- AuthService::View). The route reads no caller (the cookie is the credential) and has no rate
-- limit.
--
-- Like bench/refresh.lua, each client rotates its own chain: the session it inserted last time
-- (run.sh inserts the first one, k = 0, for every client). Token hashes are SHA-256 in hex, as the
-- server stores them; the server computes the hash, here PostgreSQL does.
\set next :k + 1
\set expires :now + 604800
BEGIN;
SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at FROM refresh_sessions WHERE token_hash = encode(sha256(('bench ceiling ' || :client_id || ' ' || :k)::bytea), 'hex') FOR UPDATE \gset s_
SELECT id, email, password_hash, user_type, is_active, is_staff, is_verified, is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id FROM users WHERE id = :s_user_id;
UPDATE refresh_sessions SET rotated_at = :now WHERE id = :s_id;
INSERT INTO refresh_sessions (user_id, family_id, token_hash, parent_id, created_at, expires_at) VALUES (:s_user_id, :s_family_id, encode(sha256(('bench ceiling ' || :client_id || ' ' || :next)::bytea), 'hex'), :s_id, :now, :expires);
SELECT COUNT(*) FROM apps WHERE owner_id = :s_user_id;
COMMIT;
\set k :next
