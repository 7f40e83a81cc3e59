-- GET /apps reads a member's rows of app_members on every call: with the role in the index they
-- come from an index-only scan instead of one heap page per membership. Same key as the index it
-- replaces.
CREATE INDEX app_members_user_role_idx ON app_members (user_id, app_id) INCLUDE (role);
DROP INDEX app_members_user_idx;
