-- Read model, AFTER DELETE ON asset_site per statement: refresh the assets that lost a link.
CREATE OR REPLACE FUNCTION public.waymark_public_asset_site_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        PERFORM waymark_refresh_public_assets(ARRAY(SELECT DISTINCT t.id FROM (SELECT asset_id FROM changed) AS t(id)));
        RETURN NULL;
      END $function$;
