-- Exact user counts for the staff user list without reading the users: a ledger of signed deltas
-- per (user_type, is_verified, is_disabled_by_admin), as migrations/postgres/0014_user_counts.sql
-- explains. SQLite's triggers run per row; its one writer at a time keeps the sums exact.
CREATE TABLE user_counts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_type TEXT NOT NULL,
  is_verified SMALLINT NOT NULL,
  is_disabled_by_admin SMALLINT NOT NULL,
  n BIGINT NOT NULL
);

CREATE TRIGGER users_counted_added AFTER INSERT ON users BEGIN
  INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n)
  VALUES (NEW.user_type, NEW.is_verified, NEW.is_disabled_by_admin, 1);
END;

CREATE TRIGGER users_counted_removed AFTER DELETE ON users BEGIN
  INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n)
  VALUES (OLD.user_type, OLD.is_verified, OLD.is_disabled_by_admin, -1);
END;

CREATE TRIGGER users_counted_moved
  AFTER UPDATE OF user_type, is_verified, is_disabled_by_admin ON users
  WHEN OLD.user_type IS NOT NEW.user_type OR OLD.is_verified IS NOT NEW.is_verified
    OR OLD.is_disabled_by_admin IS NOT NEW.is_disabled_by_admin
BEGIN
  INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n)
  VALUES (OLD.user_type, OLD.is_verified, OLD.is_disabled_by_admin, -1),
         (NEW.user_type, NEW.is_verified, NEW.is_disabled_by_admin, 1);
END;

INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n)
SELECT user_type, is_verified, is_disabled_by_admin, COUNT(*) FROM users
GROUP BY user_type, is_verified, is_disabled_by_admin;
