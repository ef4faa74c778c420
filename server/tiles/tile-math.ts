/**
 * Web Mercator tile maths (the XYZ scheme maplibre and ST_TileEnvelope use). Pure.
 */
export type TileId = { z: number; x: number; y: number };
export type LngLatBox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

/** The most tiles a map asks for at one zoom is 2^z on a side. */
export const isTile = ({ z, x, y }: TileId): boolean =>
  Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= 22 && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;

const lngOf = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const latOf = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/**
 * The box a tile covers in longitude/latitude, grown by `buffer` (a fraction of the tile's
 * side, as a vector tile's buffer: 64 / 4096) so points just outside are kept for the
 * edge, as ST_AsMVTGeom keeps them.
 *
 * @example tileBox({ z: 0, x: 0, y: 0 }) // { minLng: -180, minLat: -85.0511…, maxLng: 180, maxLat: 85.0511… }
 */
export function tileBox({ z, x, y }: TileId, buffer = 0): LngLatBox {
  return {
    minLng: lngOf(x - buffer, z),
    maxLng: lngOf(x + 1 + buffer, z),
    minLat: latOf(y + 1 + buffer, z),
    maxLat: latOf(y - buffer, z),
  };
}
