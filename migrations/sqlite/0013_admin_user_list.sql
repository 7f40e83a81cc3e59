-- The staff user list (as migrations/postgres/0013_admin_user_list.sql, without what SQLite
-- lacks: INCLUDE columns and the rebuilt orderings): the user_type filter's count and pages read
-- an index of their own, and the few disabled or unverified users a partial one.
CREATE INDEX users_type_joined_idx ON users (user_type, date_joined, id);
CREATE INDEX users_flagged_idx ON users (date_joined, id)
  WHERE is_disabled_by_admin = 1 OR is_verified = 0;
