-- Same schema as migrations/postgres/0009_mfa_totp.sql in SQLite's dialect.
-- Two-factor sign-in (TOTP, RFC 6238). users.mfa_enabled is what every read of a user needs
-- (the User object, login); the rest lives in tables of its own, read only by the MFA routes.

ALTER TABLE users ADD COLUMN mfa_enabled SMALLINT NOT NULL DEFAULT 0;

-- One row per user who ever started a setup. secret is the confirmed one (base32), set exactly
-- while mfa_enabled is 1; pending_secret an unconfirmed setup. last_step, the newest TOTP step
-- accepted for the user, outlives a disable: no accepted step is ever accepted again.
CREATE TABLE mfa_totp (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret TEXT,
  pending_secret TEXT,
  last_step BIGINT,
  enabled_at BIGINT,
  updated_at BIGINT NOT NULL
);

-- Recovery codes, as SHA-256 hashes; a used one is deleted.
CREATE TABLE mfa_recovery_codes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (user_id, code_hash)
);

-- The login's second step: the mfa_token (hashed) that a right password earned.
CREATE TABLE mfa_challenges (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  used_at BIGINT
);
CREATE INDEX mfa_challenges_user_idx ON mfa_challenges (user_id);
CREATE INDEX mfa_challenges_expires_idx ON mfa_challenges (expires_at);
