-- GET /apps lists a member's apps newest first. With the app's creation time copied beside each
-- membership, one index gives a page in order: the page's index entries and its apps are read,
-- instead of every membership joined to its app and then sorted; the total is an index-only
-- count. An app's created_at never changes, so the copy cannot drift. It has no default: every
-- writer of a membership must supply it (src/apps/apps_repo.cpp copies it from the app).
ALTER TABLE app_members ADD COLUMN app_created_at BIGINT NOT NULL DEFAULT 0;
UPDATE app_members SET app_created_at = apps.created_at FROM apps WHERE apps.id = app_members.app_id;
ALTER TABLE app_members ALTER COLUMN app_created_at DROP DEFAULT;
CREATE INDEX app_members_user_order_idx
  ON app_members (user_id, app_created_at DESC, app_id DESC) INCLUDE (role);
DROP INDEX app_members_user_role_idx;
