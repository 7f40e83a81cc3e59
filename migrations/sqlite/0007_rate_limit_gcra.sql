-- GCRA rate limits; see migrations/postgres/0007_rate_limit_gcra.sql.
DROP TABLE rate_limits;
CREATE TABLE rate_limits (
  bucket TEXT PRIMARY KEY,
  tat_ms BIGINT NOT NULL,
  allowed INTEGER NOT NULL
);
