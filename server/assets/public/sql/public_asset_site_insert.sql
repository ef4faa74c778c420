-- Read model, AFTER INSERT ON asset_site per statement: a new link matters only to an asset
-- that is published or already has rows.
CREATE OR REPLACE FUNCTION public.waymark_public_asset_site_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      PERFORM waymark_refresh_public_assets(ARRAY(
        SELECT DISTINCT c.asset_id FROM changed c JOIN asset a ON a.id = c.asset_id
        WHERE a.status = 'published' OR EXISTS (SELECT 1 FROM public_asset p WHERE p.asset_id = c.asset_id)));
      RETURN NULL;
    END $function$;
