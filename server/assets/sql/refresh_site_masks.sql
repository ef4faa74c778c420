-- Statement trigger: re-mask every sensitive site after postcodes are loaded or a
-- partnership's k changes.
CREATE OR REPLACE FUNCTION public.waymark_refresh_site_masks()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      UPDATE site SET geom = geom WHERE sensitive;
      RETURN NULL;
    END $function$;
