-- Statement trigger: bump data_version for the scope TG_ARGV[0] ('assets', 'reference' or
-- 'linkage'), so cached gap analyses and /ogc pathways are recomputed on every instance. A
-- scope's row is made by its first write (an upgrade adds no rows to data_version).
CREATE OR REPLACE FUNCTION public.waymark_bump_data_version()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      INSERT INTO data_version AS d (scope, version) VALUES (TG_ARGV[0], 1)
        ON CONFLICT (scope) DO UPDATE SET version = d.version + 1;
      RETURN NULL;
    END $function$;
