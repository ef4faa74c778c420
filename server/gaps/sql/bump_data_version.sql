-- Statement trigger: bump data_version for the scope TG_ARGV[0] ('assets' or 'reference'), so
-- cached gap analyses are recomputed on every instance.
CREATE OR REPLACE FUNCTION public.waymark_bump_data_version()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      UPDATE data_version SET version = version + 1 WHERE scope = TG_ARGV[0];
      RETURN NULL;
    END $function$;
