-- Rate limits move from fixed windows aligned to the clock (5/min allowed 10 attempts within a
-- few seconds across :00) to GCRA: per bucket, the theoretical arrival time (TAT, Unix ms) of the
-- next attempt. An attempt at `now` passes when max(tat, now) + interval <= now + window, and
-- then moves tat there; `allowed` is that decision, which the one upsert per attempt returns.
-- The old counters are dropped: at worst a limited key starts afresh once.
DROP TABLE rate_limits;
CREATE TABLE rate_limits (
  bucket TEXT PRIMARY KEY,
  tat_ms BIGINT NOT NULL,
  allowed SMALLINT NOT NULL
);
