-- The staff user list at scale (issue #20): every filter and ordering of
-- GET /api/v1/admin/users finds its page by an index-only walk (admin_repo.cpp reads the page's
-- ids first, then only those rows and their app counts), and every count but a search's is
-- index-only.
--
-- The ordering indexes carry the filter columns (INCLUDE), so that OFFSET skips index entries,
-- never table rows, whatever the filters:
--   email        the unique index on email, rebuilt with them (still the constraint
--                users_email_key)
--   date_joined  (date_joined, id), both directions
--   last_login   (last_login, id) read forwards for ascending and (last_login NULLS FIRST, id)
--                read backwards for descending: never-logged-in users last either way
-- user_type, the filter that keeps a large share of the users, leads an index of its own: its
-- count and its pages (in the default ordering) read only its own entries. The disabled and the
-- unverified users, few, have a partial index: their pages and counts read only them, and a count
-- of the enabled or verified ones is everyone minus them.
--
-- Cost: three more indexes on users (7 to 10, counting the GIN trigram index; the partial one
-- holds only disabled or unverified users), and the three rebuilt ones a few bytes wider per row
-- (about 9 MB per 200,000 users each). A sign-up, and every update that is not HOT, writes each
-- of them: each login is one (last_login was already indexed). A change of user_type,
-- is_verified or is_disabled_by_admin is now one too (they are index columns), a few times in a
-- user's life. The rebuild holds users' lock while it runs (about 2 s per 200,000 users).
CREATE INDEX users_date_joined_cover_idx ON users (date_joined, id)
  INCLUDE (is_verified, is_disabled_by_admin, user_type);
DROP INDEX users_date_joined_idx;

CREATE INDEX users_last_login_cover_idx ON users (last_login, id)
  INCLUDE (is_verified, is_disabled_by_admin, user_type);
DROP INDEX users_last_login_idx;
CREATE INDEX users_last_login_desc_idx ON users (last_login NULLS FIRST, id)
  INCLUDE (is_verified, is_disabled_by_admin, user_type);

CREATE UNIQUE INDEX users_email_cover_idx ON users (email)
  INCLUDE (id, is_verified, is_disabled_by_admin, user_type);
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER INDEX users_email_cover_idx RENAME TO users_email_key;
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;

CREATE INDEX users_type_joined_idx ON users (user_type, date_joined, id)
  INCLUDE (is_verified, is_disabled_by_admin);

CREATE INDEX users_flagged_idx ON users (date_joined, id)
  INCLUDE (is_verified, is_disabled_by_admin, user_type)
  WHERE is_disabled_by_admin = 1 OR is_verified = 0;
