-- GET /apps lists a member's apps newest first. With the app's creation time copied beside each
-- membership, one index gives a page in order instead of every membership joined to its app and
-- then sorted. An app's created_at never changes, so the copy cannot drift; every writer of a
-- membership supplies it (src/apps/apps_repo.cpp copies it from the app). SQLite cannot add a
-- NOT NULL column without a default, hence the 0 that no writer relies on. The role is the last
-- key column because SQLite has no INCLUDE.
ALTER TABLE app_members ADD COLUMN app_created_at BIGINT NOT NULL DEFAULT 0;
UPDATE app_members
SET app_created_at = COALESCE((SELECT created_at FROM apps WHERE apps.id = app_members.app_id), 0);
CREATE INDEX app_members_user_order_idx
  ON app_members (user_id, app_created_at DESC, app_id DESC, role);
DROP INDEX app_members_user_role_idx;
