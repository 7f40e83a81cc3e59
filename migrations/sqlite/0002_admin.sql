-- Admin: an audit trail of staff changes (same as migrations/postgres/0002_admin.sql; SQLite has
-- no trigram index, so its user search scans, which is fine at embedded scale).

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  target_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  changes TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_target_idx ON audit_log (target_user_id, created_at);
CREATE INDEX app_members_role_idx ON app_members (user_id) WHERE role <> 'owner';
