-- Read model, AFTER UPDATE ON site per statement: a move, a sensitivity change or a re-mask
-- refreshes every asset at the site.
CREATE OR REPLACE FUNCTION public.waymark_public_site_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        PERFORM waymark_refresh_public_assets(ARRAY(SELECT DISTINCT t.id FROM (SELECT x.asset_id FROM changed c JOIN asset_site x ON x.site_id = c.id) AS t(id)));
        RETURN NULL;
      END $function$;
