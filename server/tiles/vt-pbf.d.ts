declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';
  /** Encode geojson-vt tiles (one per layer name) as a Mapbox Vector Tile. */
  export function fromGeojsonVt(layers: Record<string, LegacyTile>, options?: { version?: number; extent?: number }): Uint8Array;
}
