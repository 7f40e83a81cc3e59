-- See migrations/postgres/0008_account.sql: sessions (devices), email change, Stripe email sync.
ALTER TABLE refresh_sessions ADD COLUMN ip TEXT;
ALTER TABLE refresh_sessions ADD COLUMN user_agent TEXT;
CREATE INDEX refresh_sessions_user_root_idx ON refresh_sessions (user_id, created_at)
  WHERE parent_id IS NULL;

CREATE TABLE email_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  new_email TEXT NOT NULL CHECK (new_email = lower(new_email)),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX email_changes_user_idx ON email_changes (user_id);

CREATE TABLE stripe_customer_updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  customer_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  done_at BIGINT
);
CREATE INDEX stripe_customer_updates_pending_idx ON stripe_customer_updates (next_attempt_at)
  WHERE done_at IS NULL;
