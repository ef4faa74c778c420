-- Read model, AFTER UPDATE ON asset per statement: refresh the assets the statement touched.
CREATE OR REPLACE FUNCTION public.waymark_public_asset_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        PERFORM waymark_refresh_public_assets(ARRAY(SELECT DISTINCT t.id FROM (SELECT id FROM changed) AS t(id)));
        RETURN NULL;
      END $function$;
