import type { Knex } from 'knex';

/**
 * The asset tile's two statements (server/tiles/repo.ts) as PL/pgSQL functions that
 * always take their generic plan, for the reason migration 2026120230 gives for the
 * listing: the plan cache re-planned the statement on every call, and planning cost more
 * than running it (pgbench -M prepared, 8 clients, 200,000 assets, random z14 tiles,
 * server engine: 14,596 → 44,372 tps). One builds the tile with ST_AsMVT (a server's
 * PostGIS); the other returns the same rows' points for geojson-vt + vt-pbf in Node (the
 * embedded engine's PostGIS has no ST_AsMVT; PL/pgSQL resolves it only when called).
 * Both read only public_asset_site, whose points are the public ones.
 */
const PROPERTIES = `ps.asset_id::text, ps.site_id::text, ps.name, ps.category, ps.sensitive, ps.location_precision, ps.peer_led,
  array_to_string(ps.who_for, ','), ps.organisation_name, ps.venue_name`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION waymark_asset_points_in(_pid uuid, _x0 float8, _y0 float8, _x1 float8, _y1 float8)
    RETURNS TABLE ("assetId" text, "siteId" text, name text, category text, sensitive boolean, "locationPrecision" text,
                   "peerLed" boolean, "whoFor" text, "organisationName" text, "venueName" text, lng float8, lat float8)
    LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $fn$
    #variable_conflict use_column
    BEGIN
      RETURN QUERY SELECT ${PROPERTIES}, ST_X(ps.geom), ST_Y(ps.geom)
        FROM public_asset_site ps
        WHERE ps.partnership_id = _pid AND ps.geom && ST_MakeEnvelope(_x0, _y0, _x1, _y1, 4326)
        ORDER BY ps.site_id, ps.asset_id;
    END $fn$`);
  await knex.raw(`
    CREATE FUNCTION waymark_asset_tile_mvt(_pid uuid, _z integer, _x integer, _y integer, _extent integer, _buffer integer)
    RETURNS bytea LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $fn$
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
    END $fn$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_tile_mvt(uuid, integer, integer, integer, integer, integer)');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_points_in(uuid, float8, float8, float8, float8)');
}
