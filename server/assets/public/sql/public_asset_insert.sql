-- Read model, AFTER INSERT ON asset per statement: only a published new asset has rows.
CREATE OR REPLACE FUNCTION public.waymark_public_asset_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      PERFORM waymark_refresh_public_assets(ARRAY(SELECT DISTINCT c.id FROM changed c WHERE c.status = 'published'));
      RETURN NULL;
    END $function$;
