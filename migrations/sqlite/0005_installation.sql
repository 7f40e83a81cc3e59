-- A random id for this installation (this database), made once; see
-- migrations/postgres/0005_installation.sql for why Stripe Idempotency-Keys carry it.
CREATE TABLE installation (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL
);
INSERT INTO installation (singleton, id) VALUES (1, lower(hex(randomblob(16))));
