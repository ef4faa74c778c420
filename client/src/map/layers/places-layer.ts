/**
 * Offline basemap detail: town and village names (GeoNames, CC BY 4.0, from /api/places)
 * and LSOA outlines once zoomed in. Text needs glyph files a offline install cannot fetch,
 * so each name is drawn once on a canvas and shown as an image (as cluster counts are).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { AreaCollection, PlaceCollection } from '../../shared/types';

const SOURCE = 'places';
export const TOWN_LAYER = 'place-towns';
export const VILLAGE_LAYER = 'place-villages';
const OUTLINE_SOURCE = 'lsoa-outlines';
export const LSOA_OUTLINE_LAYER = 'lsoa-outlines';
const PIXEL_RATIO = 2;
export const placeImageId = (name: string) => `place-${name}`;

function drawLabel(map: MapLibreMap, name: string, town: boolean): void {
  const id = placeImageId(name);
  if (map.hasImage(id)) return;
  const fontPx = (town ? 15 : 12.5) * PIXEL_RATIO;
  const halo = 3 * PIXEL_RATIO;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const font = `${town ? 700 : 600} ${fontPx}px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif`;
  ctx.font = font;
  canvas.width = Math.ceil(ctx.measureText(name).width) + 2 * halo;
  canvas.height = Math.ceil(fontPx * 1.3) + 2 * halo;
  ctx.font = font; // resizing a canvas resets its state
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  ctx.lineWidth = halo;
  ctx.strokeStyle = 'rgba(255,255,255,0.92)';
  ctx.strokeText(name, canvas.width / 2, canvas.height / 2);
  ctx.fillStyle = town ? '#1d2b28' : '#3a4744';
  ctx.fillText(name, canvas.width / 2, canvas.height / 2);
  map.addImage(id, ctx.getImageData(0, 0, canvas.width, canvas.height), { pixelRatio: PIXEL_RATIO });
}

/** Towns (10,000+ people) from zoom 9, villages from zoom 11.5; larger places win collisions. */
export function addPlaceLabels(map: MapLibreMap, places: PlaceCollection): void {
  if (!places.features.length) return;
  for (const f of places.features) drawLabel(map, f.properties.name, f.properties.rank === 1);
  map.addSource(SOURCE, { type: 'geojson', data: places, attribution: places.attribution });
  const layout = {
    'icon-image': ['concat', 'place-', ['get', 'name']],
    'symbol-sort-key': ['-', 0, ['get', 'population']],
    'icon-padding': 4,
  } as const;
  map.addLayer({ id: TOWN_LAYER, type: 'symbol', source: SOURCE, minzoom: 9, filter: ['==', ['get', 'rank'], 1], layout: layout as never });
  map.addLayer({ id: VILLAGE_LAYER, type: 'symbol', source: SOURCE, minzoom: 11.5, filter: ['==', ['get', 'rank'], 2], layout: layout as never });
}

/** LSOA outlines at street zoom: where one neighbourhood statistic ends and the next begins. */
export function addLsoaOutlines(map: MapLibreMap, areas: AreaCollection, beforeLayer?: string): void {
  if (!areas.features.length) return;
  map.addSource(OUTLINE_SOURCE, { type: 'geojson', data: areas });
  map.addLayer({
    id: LSOA_OUTLINE_LAYER, type: 'line', source: OUTLINE_SOURCE, minzoom: 12.5,
    paint: { 'line-color': '#7b8784', 'line-width': 0.8, 'line-dasharray': [3, 2] },
  }, beforeLayer);
}

/** Names of place labels drawn in view (for people checking the map, and the browser tests). */
export function renderedPlaceNames(map: MapLibreMap): string[] {
  const layers = [TOWN_LAYER, VILLAGE_LAYER].filter((l) => map.getLayer(l));
  if (!layers.length) return [];
  return [...new Set(map.queryRenderedFeatures({ layers }).map((f) => String(f.properties.name)))].sort();
}
