import type { Knex } from 'knex';

/**
 * The asset tile's two statements as PL/pgSQL functions on their generic plans:
 * waymark_asset_tile_mvt (ST_AsMVT, a server's PostGIS) and waymark_asset_points_in (the
 * same rows' points, for geojson-vt + vt-pbf on the embedded engine). Both read only
 * public_asset_site, whose points are the public ones. Their bodies are in
 * server/tiles/sql/, so this migration, which created them, has nothing left to do.
 * Measurements: docs/decisions/0004-listing-and-tile-plans.md.
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_tile_mvt(uuid, integer, integer, integer, integer, integer)');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_points_in(uuid, float8, float8, float8, float8)');
}
