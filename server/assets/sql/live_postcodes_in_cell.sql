-- Live postcodes (of one outward code, or any when null) inside the `size` m British National
-- Grid cell holding p (EPSG:27700): whether a masking cell hides a place among k postcodes.
CREATE OR REPLACE FUNCTION public.waymark_live_postcodes_in_cell(p geometry, size double precision, outward text)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $function$
      SELECT count(*)::integer FROM postcode pc
      WHERE pc.terminated_on IS NULL
        AND (outward IS NULL OR split_part(pc.postcode, ' ', 1) = outward)
        AND pc.geom && ST_Transform(ST_MakeEnvelope(
              floor(ST_X(p) / size) * size - 50, floor(ST_Y(p) / size) * size - 50,
              floor(ST_X(p) / size) * size + size + 50, floor(ST_Y(p) / size) * size + size + 50, 27700), 4326)
        AND floor(ST_X(ST_Transform(pc.geom, 27700)) / size) = floor(ST_X(p) / size)
        AND floor(ST_Y(ST_Transform(pc.geom, 27700)) / size) = floor(ST_Y(p) / size)
    $function$;
