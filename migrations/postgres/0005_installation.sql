-- A random id for this installation (this database), made once. Stripe scopes Idempotency-Keys
-- to its account, not to us: a customer key built from our user id alone is the same in every
-- installation, so two of them on one Stripe account (staging beside prod, a fresh database after
-- a reset) would be answered with each other's customers. Keys carry this id too.
CREATE TABLE installation (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL
);
INSERT INTO installation (singleton, id) VALUES (1, replace(gen_random_uuid()::text, '-', ''));
