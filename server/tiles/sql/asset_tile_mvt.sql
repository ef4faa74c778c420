-- An asset tile built by ST_AsMVT (a server's PostGIS) from the read model's public points.
-- PL/pgSQL resolves ST_AsMVT only when called. Generic plan: docs/decisions/0004-listing-and-tile-plans.md.
CREATE OR REPLACE FUNCTION public.waymark_asset_tile_mvt(_pid uuid, _z integer, _x integer, _y integer, _extent integer, _buffer integer)
 RETURNS bytea
 LANGUAGE plpgsql
 STABLE
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
    DECLARE _tile bytea;
    BEGIN
      SELECT ST_AsMVT(t, 'assets', _extent, 'geom') INTO _tile FROM (
        SELECT ps.asset_id::text AS "assetId", ps.site_id::text AS "siteId", ps.name, ps.category, ps.sensitive,
               ps.location_precision AS "locationPrecision", ps.peer_led AS "peerLed", array_to_string(ps.who_for, ',') AS "whoFor",
               ps.organisation_name AS "organisationName", ps.venue_name AS "venueName",
               ST_AsMVTGeom(ST_Transform(ps.geom, 3857), ST_TileEnvelope(_z, _x, _y), _extent, _buffer, true) AS geom
        FROM public_asset_site ps
        WHERE ps.partnership_id = _pid AND ps.geom && ST_Transform(ST_TileEnvelope(_z, _x, _y, margin => _buffer::float8 / _extent), 4326)
        ORDER BY ps.site_id, ps.asset_id
      ) t WHERE t.geom IS NOT NULL;
      RETURN _tile;
    END $function$;
