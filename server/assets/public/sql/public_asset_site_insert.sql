-- Read model, AFTER INSERT ON asset_site per statement: a new link matters only to an asset
-- that is published or already has rows. Both looked up by key for each link (not a join,
-- which was planned as a hash join over all of asset and public_asset per statement).
CREATE OR REPLACE FUNCTION public.waymark_public_asset_site_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      PERFORM waymark_refresh_public_assets(ARRAY(
        SELECT DISTINCT c.asset_id FROM changed c
        WHERE (SELECT a.status = 'published' FROM asset a WHERE a.id = c.asset_id)
           OR (SELECT true FROM public_asset p WHERE p.asset_id = c.asset_id)));
      RETURN NULL;
    END $function$;
