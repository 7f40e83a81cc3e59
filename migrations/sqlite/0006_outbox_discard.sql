-- See migrations/postgres/0006_outbox_discard.sql: rows the delivery loop drops unsent.
ALTER TABLE email_outbox ADD COLUMN discard INTEGER NOT NULL DEFAULT 0;
