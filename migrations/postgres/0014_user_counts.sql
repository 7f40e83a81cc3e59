-- Exact user counts for the staff user list without reading the users (issue #20): counting
-- 1,000,000 users, or the 200,000 pro ones, took 70-260 ms on every page of the list. The
-- counts are kept as a ledger of signed deltas per (user_type, is_verified, is_disabled_by_admin),
-- the three columns the list filters on besides the search: a count is the sum of the matching
-- keys' rows. Writers only append (a sign-up one row, a plan or flag change two, a deletion one),
-- so no two transactions ever wait for one counter row; the list folds the rows into one per key
-- now and then (src/admin/admin_repo.cpp CompactUserCounts), in one statement that moves exactly
-- the rows it deletes. The triggers run in the writer's transaction: a count sees the users of
-- its own snapshot, no more and no fewer.
--
-- Inserts and deletions are counted per statement (a bulk insert adds one row per key); an
-- update per row, only when one of the three columns changes (last_login and the rest fire
-- nothing). CREATE TRIGGER holds users' lock to the end of this migration, so the first sums
-- below count every user and no write is counted twice.
CREATE TABLE user_counts (
  id BIGSERIAL PRIMARY KEY,
  user_type TEXT NOT NULL,
  is_verified SMALLINT NOT NULL,
  is_disabled_by_admin SMALLINT NOT NULL,
  n BIGINT NOT NULL
);

-- Both statement triggers name their transition table `changed`: the users a statement inserted
-- count +1 each, the ones it deleted -1.
CREATE FUNCTION user_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n)
  SELECT user_type, is_verified, is_disabled_by_admin,
         CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END * COUNT(*) FROM changed
  GROUP BY user_type, is_verified, is_disabled_by_admin;
  RETURN NULL;
END $$;
CREATE TRIGGER users_counted_added AFTER INSERT ON users REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION user_counts_changed();
CREATE TRIGGER users_counted_removed AFTER DELETE ON users REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION user_counts_changed();

CREATE FUNCTION user_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n) VALUES
    (OLD.user_type, OLD.is_verified, OLD.is_disabled_by_admin, -1),
    (NEW.user_type, NEW.is_verified, NEW.is_disabled_by_admin, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER users_counted_moved
  AFTER UPDATE OF user_type, is_verified, is_disabled_by_admin ON users FOR EACH ROW
  WHEN (OLD.user_type IS DISTINCT FROM NEW.user_type
        OR OLD.is_verified IS DISTINCT FROM NEW.is_verified
        OR OLD.is_disabled_by_admin IS DISTINCT FROM NEW.is_disabled_by_admin)
  EXECUTE FUNCTION user_counts_moved();

INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n)
SELECT user_type, is_verified, is_disabled_by_admin, COUNT(*) FROM users
GROUP BY user_type, is_verified, is_disabled_by_admin;
