/** Coverage-gap cells (hexagons or areas) shaded by the chosen measure, under the assets. */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { GapCells } from '../gaps-api';
import { gapColour, type GapMeasure } from './gap-scale';

export const GAP_CELLS_SOURCE = 'gap-cells';
const SOURCE = GAP_CELLS_SOURCE;
export const GAP_FILL_LAYER = 'gap-cells-fill';
const LINE = 'gap-cells-line';
const EMPTY: GapCells = { type: 'FeatureCollection', features: [] };
// Cells that arrive before the map's style has loaded are drawn once it has.
let latest: GapCells = EMPTY;

export function addGapsLayer(map: MapLibreMap, beforeLayer?: string): void {
  map.addSource(SOURCE, { type: 'geojson', data: latest });
  map.addLayer({ id: GAP_FILL_LAYER, type: 'fill', source: SOURCE, layout: { visibility: 'none' }, paint: { 'fill-color': gapColour('gap'), 'fill-opacity': 0.55 } }, beforeLayer);
  map.addLayer({ id: LINE, type: 'line', source: SOURCE, layout: { visibility: 'none' }, paint: { 'line-color': '#ffffff', 'line-width': 0.4 } }, beforeLayer);
}

export function setGapCells(map: MapLibreMap, cells: GapCells): void {
  latest = cells;
  map.getSource<GeoJSONSource>(SOURCE)?.setData(cells);
}

export function setGapMeasure(map: MapLibreMap, measure: GapMeasure): void {
  if (map.getLayer(GAP_FILL_LAYER)) map.setPaintProperty(GAP_FILL_LAYER, 'fill-color', gapColour(measure));
}

export function setGapsVisible(map: MapLibreMap, visible: boolean): void {
  for (const id of [GAP_FILL_LAYER, LINE]) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
}
