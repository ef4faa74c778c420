-- A geometry as jsonb, equal to to_jsonb(g) (GeoJSON with a crs member), built from one
-- text without PostGIS's per-value SRS look-up: for audit images and version snapshots.
-- See docs/decisions/0002-set-based-triggers-and-bulk-writes.md. STABLE, as to_jsonb in its
-- body is: the planner inlines it then (an IMMUTABLE function with a STABLE call in its body
-- is called through the SQL-function executor, twice the time: 2.4 against 1.2 µs a point).
CREATE OR REPLACE FUNCTION public.waymark_geojsonb(g geometry)
 RETURNS jsonb
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
      SELECT CASE
        WHEN g IS NULL THEN NULL
        WHEN ST_SRID(g) = 4326 THEN (left(ST_AsGeoJSON(g, 15, 0), -1) || ',"crs":{"type":"name","properties":{"name":"EPSG:4326"}}}')::jsonb
        ELSE to_jsonb(g) END
    $function$;
