import type { Knex } from 'knex';
import { BUFFER, EXTENT, type TilePoint } from './encode';
import type { LngLatBox, TileId } from './tile-math';

/**
 * The asset layer's rows and tiles, from the public read model only (public_asset_site:
 * every point is site.geom_public, the masking cell's centre at a sensitive place), so a
 * tile carries nothing computed from an exact point, for any viewer. Both statements are
 * functions of migration 2026120240 (their plans kept), called as named statements.
 */
type TileRow = { assetId: string; siteId: string; lng: number; lat: number } & Record<string, string | number | boolean | null>;

/** The layer's points in a (buffered) box, in a fixed order. */
export async function assetPointsIn(knex: Knex, partnershipId: string, box: LngLatBox): Promise<TilePoint[]> {
  const rows: TileRow[] = (await knex.raw(
    'SELECT * FROM waymark_asset_points_in(?::uuid, ?::float8, ?::float8, ?::float8, ?::float8)',
    [partnershipId, box.minLng, box.minLat, box.maxLng, box.maxLat],
  ).options({ name: 'waymark_asset_points_in' })).rows;
  return rows.map(({ lng, lat, ...properties }) => ({ lng, lat, properties }));
}

/** The same layer as one tile, by PostGIS's ST_AsMVT (a server engine). */
export async function assetTileMvt(knex: Knex, partnershipId: string, { z, x, y }: TileId): Promise<Buffer> {
  const row = (await knex.raw(
    'SELECT waymark_asset_tile_mvt(?::uuid, ?::integer, ?::integer, ?::integer, ?::integer, ?::integer) AS tile',
    [partnershipId, z, x, y, EXTENT, BUFFER],
  ).options({ name: 'waymark_asset_tile_mvt' })).rows[0];
  return row?.tile ? Buffer.from(row.tile) : Buffer.alloc(0);
}

/** Whether this PostGIS can build vector tiles itself (pglite-postgis is built without protobuf). */
export async function hasStAsMvt(knex: Knex): Promise<boolean> {
  try {
    await knex.raw(`SELECT ST_AsMVT(t) FROM (SELECT 1 AS a, ST_AsMVTGeom(ST_MakePoint(0, 0), ST_MakeEnvelope(-1, -1, 1, 1)) AS geom) t`);
    return true;
  } catch {
    return false;
  }
}
