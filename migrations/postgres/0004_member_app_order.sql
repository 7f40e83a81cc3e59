-- GET /apps lists a member's apps newest first. With the app's creation time copied beside each
-- membership, one index gives a page in order: the page's index entries and its apps are read,
-- instead of every membership joined to its app and then sorted; the total is an index-only
-- count. An app's created_at never changes, so the copy cannot drift. This release writes the
-- copy with every membership (src/apps/apps_repo.cpp); instances of the previous release, still
-- serving during a rolling deploy, do not, and the trigger fills it in for them (it does not fire
-- when the copy is given). The UPDATE and the index build hold app_members' lock while they run.
ALTER TABLE app_members ADD COLUMN app_created_at BIGINT NOT NULL DEFAULT 0;
UPDATE app_members SET app_created_at = apps.created_at FROM apps WHERE apps.id = app_members.app_id;
ALTER TABLE app_members ALTER COLUMN app_created_at DROP DEFAULT;
CREATE FUNCTION app_members_copy_app_created_at() RETURNS trigger LANGUAGE plpgsql AS '
BEGIN
  SELECT created_at INTO NEW.app_created_at FROM apps WHERE id = NEW.app_id;
  RETURN NEW;
END';
CREATE TRIGGER app_members_copy_app_created_at BEFORE INSERT ON app_members
  FOR EACH ROW WHEN (NEW.app_created_at IS NULL)
  EXECUTE FUNCTION app_members_copy_app_created_at();
CREATE INDEX app_members_user_order_idx
  ON app_members (user_id, app_created_at DESC, app_id DESC) INCLUDE (role);
DROP INDEX app_members_user_role_idx;
