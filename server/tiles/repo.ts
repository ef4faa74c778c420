import type { Knex } from 'knex';
import { BUFFER, EXTENT, type TilePoint } from './encode';
import type { LngLatBox, TileId } from './tile-math';

/**
 * The asset layer's rows and tiles, from the public read model only (public_asset_site:
 * every point is site.geom_public, the masking cell's centre at a sensitive place), so a
 * tile carries nothing computed from an exact point, for any viewer.
 */
const PROPERTIES = `asset_id::text AS "assetId", site_id::text AS "siteId", name, category, sensitive,
  location_precision AS "locationPrecision", peer_led AS "peerLed", array_to_string(who_for, ',') AS "whoFor",
  organisation_name AS "organisationName", venue_name AS "venueName"`;

type TileRow = { assetId: string; siteId: string; lng: number; lat: number } & Record<string, string | number | boolean | null>;

/** The layer's points in a (buffered) box, in a fixed order. */
export async function assetPointsIn(knex: Knex, partnershipId: string, box: LngLatBox): Promise<TilePoint[]> {
  const rows: TileRow[] = (await knex.raw(
    `SELECT ${PROPERTIES}, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM public_asset_site
     WHERE partnership_id = ? AND geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) ORDER BY site_id, asset_id`,
    [partnershipId, box.minLng, box.minLat, box.maxLng, box.maxLat],
  ).options({ name: 'waymark_asset_points_in' })).rows;
  return rows.map(({ lng, lat, ...properties }) => ({ lng, lat, properties }));
}

/** The same layer as one tile, by PostGIS's ST_AsMVT (a server engine). */
export async function assetTileMvt(knex: Knex, partnershipId: string, { z, x, y }: TileId): Promise<Buffer> {
  const row = (await knex.raw(
    `SELECT ST_AsMVT(t, 'assets', ?, 'geom') AS tile FROM (
       SELECT ${PROPERTIES}, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(?, ?, ?), ?, ?, true) AS geom
       FROM public_asset_site
       WHERE partnership_id = ? AND geom && ST_Transform(ST_TileEnvelope(?, ?, ?, margin => ?), 4326)
       ORDER BY site_id, asset_id
     ) t WHERE geom IS NOT NULL`,
    [EXTENT, z, x, y, EXTENT, BUFFER, partnershipId, z, x, y, BUFFER / EXTENT],
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
