-- The SQL for "to_jsonb(alias) minus these keys" over a table's rows, geometries through
-- waymark_geojsonb (jsonb keeps no key order, so the object equals to_jsonb's). Only keys
-- the table has are subtracted: minus a missing key decodes and re-encodes for nothing.
CREATE OR REPLACE FUNCTION public.waymark_row_jsonb_sql(tbl regclass, alias text, omit text[] DEFAULT '{}'::text[])
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
      WITH cols AS (
        SELECT attnum, attname, atttypid = 'geometry'::regtype AS geo,
               (row_number() OVER (ORDER BY attnum) - 1) / 40 AS chunk
        FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped AND NOT attname = ANY (omit)),
      chunks AS (
        SELECT chunk, format('jsonb_build_object(%s)', string_agg(format('%L, %s', attname,
                 CASE WHEN geo THEN format('waymark_geojsonb(%I.%I)', alias, attname) ELSE format('%I.%I', alias, attname) END), ', ' ORDER BY attnum)) AS sql
        FROM cols GROUP BY chunk)
      SELECT CASE WHEN (SELECT bool_or(geo) FROM cols)
        THEN (SELECT string_agg(sql, ' || ' ORDER BY chunk) FROM chunks)
        ELSE (SELECT format('to_jsonb(%I)', alias) || coalesce(string_agg(format(' - %L', o), ''), '') FROM unnest(omit) AS o
             WHERE o IN (SELECT attname FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped)) END
    $function$;
