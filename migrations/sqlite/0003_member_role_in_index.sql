-- GET /apps reads a member's rows of app_members on every call: with the role in the index
-- (SQLite has no INCLUDE, so as a last key column) they are covered by the index. Same leading
-- key as the index it replaces.
CREATE INDEX app_members_user_role_idx ON app_members (user_id, app_id, role);
DROP INDEX app_members_user_idx;
