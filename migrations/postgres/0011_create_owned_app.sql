-- POST /apps in one round trip: the owner's row locked (which serialises one user's creates, on
-- every instance), the apps they own counted, and the app with its owner membership inserted only
-- when the count is below the limit, all in one call. Each statement of a PL/pgSQL function takes
-- a fresh snapshot under READ COMMITTED, so the count, taken after the lock is held, sees every
-- create that committed while this one waited: racing creates never pass the limit. The caller
-- passes both plan limits; the override beats the plan (src/apps/limits.h EffectiveAppLimit, the
-- same rule, which the tests hold this function to). No row: the user does not exist. A row with
-- a NULL app id: the limit was reached (o_owned and o_limit say by how much).
CREATE FUNCTION create_owned_app(p_owner BIGINT, p_name TEXT, p_description TEXT, p_now BIGINT,
                                 p_basic_limit BIGINT, p_pro_limit BIGINT)
RETURNS TABLE (o_app_id BIGINT, o_owned BIGINT, o_limit BIGINT, o_user_type TEXT)
LANGUAGE plpgsql AS $$
DECLARE
  v_override BIGINT;
BEGIN
  SELECT u.user_type, u.app_limit_override INTO o_user_type, v_override
    FROM users u WHERE u.id = p_owner FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  o_limit := COALESCE(v_override, CASE WHEN o_user_type = 'pro' THEN p_pro_limit ELSE p_basic_limit END);
  SELECT COUNT(*) INTO o_owned FROM apps a WHERE a.owner_id = p_owner;
  IF o_owned < o_limit THEN
    INSERT INTO apps (owner_id, name, description, created_at, updated_at)
      VALUES (p_owner, p_name, p_description, p_now, p_now) RETURNING id INTO o_app_id;
    INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at)
      VALUES (o_app_id, p_owner, 'owner', p_now, p_now);
  END IF;
  RETURN NEXT;
END
$$;
