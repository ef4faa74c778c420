-- The `size` m BNG cell holding p (EPSG:27700) as a WGS84 polygon, edges densified so they
-- stay on the grid lines: a sensitive site's masking area.
CREATE OR REPLACE FUNCTION public.waymark_cell_area(p geometry, size double precision)
 RETURNS geometry
 LANGUAGE sql
 IMMUTABLE
AS $function$
      SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(
        floor(ST_X(p) / size) * size, floor(ST_Y(p) / size) * size,
        floor(ST_X(p) / size) * size + size, floor(ST_Y(p) / size) * size + size, 27700), 100), 4326)
    $function$;
