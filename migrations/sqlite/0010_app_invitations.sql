-- See migrations/postgres/0010_app_invitations.sql: invitations to an app by email, tokens stored
-- only as hashes, at most one open invitation per address and app (partial unique index).
CREATE TABLE app_invitations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id BIGINT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
  invited_by BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_at BIGINT,
  accepted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  revoked_at BIGINT
);
CREATE UNIQUE INDEX app_invitations_open_idx ON app_invitations (app_id, email)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX app_invitations_invited_by_idx ON app_invitations (invited_by);
CREATE INDEX app_invitations_accepted_by_idx ON app_invitations (accepted_by);
