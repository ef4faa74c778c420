-- ISO 8601 in UTC with milliseconds, exactly as JSON.stringify writes a JavaScript Date.
CREATE OR REPLACE FUNCTION public.waymark_iso_time(t timestamp with time zone)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
      SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    $function$;
