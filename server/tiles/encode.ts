import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { TileId } from './tile-math';

/** One point of a tile layer: its position (public point) and its properties. */
export type TilePoint = { lng: number; lat: number; properties: Record<string, string | number | boolean | null> };

export const EXTENT = 4096;
export const BUFFER = 64;

/**
 * A Mapbox Vector Tile (one layer) from points, with geojson-vt and vt-pbf: what the
 * embedded engine serves, where PostGIS has no ST_AsMVT. Same extent and buffer as the
 * server's ST_AsMVT(ST_AsMVTGeom(…, 4096, 64)), so both engines give the same features.
 * Null properties are left out, as ST_AsMVT leaves them.
 */
export function encodePointTile(layer: string, points: TilePoint[], tile: TileId): Buffer {
  if (!points.length) return Buffer.alloc(0);
  const index = new GeoJSONVT(
    {
      type: 'FeatureCollection',
      features: points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, properties: p.properties })),
    },
    { maxZoom: tile.z, indexMaxZoom: 0, extent: EXTENT, buffer: BUFFER, tolerance: 0 },
  );
  const found = index.getTile(tile.z, tile.x, tile.y);
  if (!found || !found.features.length) return Buffer.alloc(0);
  return Buffer.from(fromGeojsonVt({ [layer]: found }, { version: 2, extent: EXTENT }));
}
