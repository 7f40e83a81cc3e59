-- password/forgot for an address with no account writes an outbox row too, so that both answers
-- cost the same database work (timing must not tell whether an account exists); such a row has
-- discard = 1 and the delivery loop drops it without sending it. sent_at is then when it was
-- dropped.
ALTER TABLE email_outbox ADD COLUMN discard SMALLINT NOT NULL DEFAULT 0;
