/**
 * Published assets from the vector tiles (/tiles/assets/{z}/{x}/{y}.mvt, layer `assets`),
 * for partnerships past WAYMARK_MAP_TILES_FROM places, where sending every point as GeoJSON
 * is too slow. MapLibre clusters only GeoJSON sources, so instead of clusters the overview is
 * a density wash (a heatmap in the cluster colour) that fades out as the category markers
 * (the same images as the GeoJSON layer) come in at street zoom. Filters are layer filter
 * expressions over the tile's properties (tile-filter.ts), so nothing is re-downloaded.
 * The selected ring reuses the GeoJSON layer's (assets-layer.ts).
 */
import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { POINT_LAYER } from './assets-layer';

export const TILE_SOURCE = 'asset-tiles';
export const TILE_SOURCE_LAYER = 'assets';
export const DENSITY_LAYER = 'asset-density';
/** From this zoom each place is its own marker (about 1:70,000: a town's streets). */
export const MARKERS_FROM_ZOOM = 12;
/** The density wash is gone by this zoom. */
const DENSITY_UNTIL_ZOOM = 13;
/** The server makes tiles to z22; past z14 (0.6 m a tile unit) MapLibre over-zooms the z14 tile. */
const TILE_MAX_ZOOM = 14;

export function addAssetTileLayers(map: MapLibreMap, tilesUrl: string, filter: FilterSpecification, beforeId?: string): void {
  map.addSource(TILE_SOURCE, { type: 'vector', tiles: [tilesUrl], minzoom: 0, maxzoom: TILE_MAX_ZOOM });
  map.addLayer({
    id: DENSITY_LAYER,
    type: 'heatmap',
    source: TILE_SOURCE,
    'source-layer': TILE_SOURCE_LAYER,
    maxzoom: DENSITY_UNTIL_ZOOM,
    filter,
    paint: {
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 10, 12, 22],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 12, 1.4],
      // Transparent where empty, through the boundary's teal to the cluster circles' dark teal.
      'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'],
        0, 'rgba(31, 61, 58, 0)', 0.15, 'rgba(0, 89, 79, 0.35)', 0.5, 'rgba(0, 89, 79, 0.65)', 1, 'rgba(31, 61, 58, 0.9)'],
      'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], MARKERS_FROM_ZOOM - 1, 0.9, DENSITY_UNTIL_ZOOM, 0],
    },
  }, beforeId);
  map.addLayer({
    id: POINT_LAYER,
    type: 'symbol',
    source: TILE_SOURCE,
    'source-layer': TILE_SOURCE_LAYER,
    minzoom: MARKERS_FROM_ZOOM,
    filter,
    layout: {
      'icon-image': ['concat', 'category-', ['get', 'category']],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  }, beforeId);
}

export function setAssetTileFilter(map: MapLibreMap, filter: FilterSpecification): void {
  for (const layer of [DENSITY_LAYER, POINT_LAYER]) if (map.getLayer(layer)) map.setFilter(layer, filter);
}

/** While pathways are shown the assets step back, as the GeoJSON layers do. */
export function dimAssetTiles(map: MapLibreMap, dimmed: boolean): void {
  map.setPaintProperty(POINT_LAYER, 'icon-opacity', dimmed ? 0.45 : 1);
  map.setPaintProperty(DENSITY_LAYER, 'heatmap-opacity', dimmed
    ? ['interpolate', ['linear'], ['zoom'], MARKERS_FROM_ZOOM - 1, 0.35, DENSITY_UNTIL_ZOOM, 0]
    : ['interpolate', ['linear'], ['zoom'], MARKERS_FROM_ZOOM - 1, 0.9, DENSITY_UNTIL_ZOOM, 0]);
}
