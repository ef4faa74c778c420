-- Deferred constraint trigger on what the public reads: moves read_cache_version at commit,
-- once per transaction (the flag is transaction-local), so a read cache keyed by it sees the
-- new value together with the data (server/cache/).
CREATE OR REPLACE FUNCTION public.waymark_bump_read_cache_version()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      IF current_setting('waymark.read_cache_bumped', true) IS DISTINCT FROM 'yes' THEN
        UPDATE read_cache_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('waymark.read_cache_bumped', 'yes', true);
      END IF;
      RETURN NULL;
    END $function$;
