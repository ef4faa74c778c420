-- An asset tile's points (public ones, from the read model) for geojson-vt + vt-pbf in Node:
-- the embedded engine's PostGIS has no ST_AsMVT. Generic plan: docs/decisions/0004-listing-and-tile-plans.md.
CREATE OR REPLACE FUNCTION public.waymark_asset_points_in(_pid uuid, _x0 double precision, _y0 double precision, _x1 double precision, _y1 double precision)
 RETURNS TABLE("assetId" text, "siteId" text, name text, category text, sensitive boolean, "locationPrecision" text, "peerLed" boolean, "whoFor" text, "organisationName" text, "venueName" text, lng double precision, lat double precision)
 LANGUAGE plpgsql
 STABLE
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
    #variable_conflict use_column
    BEGIN
      RETURN QUERY SELECT ps.asset_id::text, ps.site_id::text, ps.name, ps.category, ps.sensitive, ps.location_precision, ps.peer_led,
  array_to_string(ps.who_for, ','), ps.organisation_name, ps.venue_name, ST_X(ps.geom), ST_Y(ps.geom)
        FROM public_asset_site ps
        WHERE ps.partnership_id = _pid AND ps.geom && ST_MakeEnvelope(_x0, _y0, _x1, _y1, 4326)
        ORDER BY ps.site_id, ps.asset_id;
    END $function$;
