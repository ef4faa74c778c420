/**
 * The pathway layer: one arc per drawn pair, A → B, coloured by outcome (Okabe–Ito; see
 * shared/linkage.ts), solid when A was reached, dashed black when A could not be reached,
 * dotted grey while still open; and every service in the campaign as a dot shaded by how
 * well the rest of the system knows it (its in-rate), with a black ring when it was called
 * and never reached. An arrowhead at each arc's middle points from A to B. The panel's
 * outcome filter keeps only the arcs of the outcomes ticked (`pathwayKey`).
 * Sensitive ends arrive already at their masked point (the API's rule).
 */
import type { ExpressionSpecification, FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { OPEN_COLOUR, OUTCOME_COLOURS, PATHWAY_CASING, RATE_SHADES, UNREACHABLE_COLOUR, type OutcomeCode, type PairStatus, type PathwayAssetCollection, type PathwayCollection } from '../../shared/linkage';
import { arcCoordinates } from '../pathway-geometry';

const LINE_SOURCE = 'pathway-lines';
const ASSET_SOURCE = 'pathway-assets';
export const PATHWAY_REACHED_LAYER = 'pathway-reached';
const UNREACHABLE_LAYER = 'pathway-unreachable';
const OPEN_LAYER = 'pathway-open';
const CASING_LAYER = 'pathway-reached-casing';
export const PATHWAY_ASSET_LAYER = 'pathway-asset-dots';
const UNREACHABLE_RING_LAYER = 'pathway-asset-unreachable';
const ARROW_LAYER = 'pathway-arrows';
const ARROW_IMAGE = 'pathway-arrow';
const LAYERS = [OPEN_LAYER, UNREACHABLE_LAYER, CASING_LAYER, PATHWAY_REACHED_LAYER, ARROW_LAYER, PATHWAY_ASSET_LAYER, UNREACHABLE_RING_LAYER];
const LINE_LAYERS = [OPEN_LAYER, UNREACHABLE_LAYER, CASING_LAYER, PATHWAY_REACHED_LAYER, ARROW_LAYER];
export const PATHWAY_SOURCES = [LINE_SOURCE, ASSET_SOURCE];

/** One filterable kind of arc: reached with an outcome (`reached-0` … `reached-3`), unreachable, or open. */
export type PathwayKey = `reached-${OutcomeCode}` | 'unreachable' | 'open';
export const PATHWAY_KEYS: readonly PathwayKey[] = ['reached-3', 'reached-2', 'reached-1', 'reached-0', 'unreachable', 'open'];
/** Null for a declined pair: it says nothing about the pathway, so no arc is drawn for it. */
export const pathwayKey = (p: { status: PairStatus; outcome: OutcomeCode | null }): PathwayKey | null =>
  p.status === 'reached' ? `reached-${p.outcome ?? 0}` : p.status === 'declined' ? null : p.status;
const STATUS_FILTERS: Record<string, ExpressionSpecification> = {
  [OPEN_LAYER]: ['==', ['get', 'status'], 'open'],
  [UNREACHABLE_LAYER]: ['==', ['get', 'status'], 'unreachable'],
  [CASING_LAYER]: ['==', ['get', 'status'], 'reached'],
  [PATHWAY_REACHED_LAYER]: ['==', ['get', 'status'], 'reached'],
  [ARROW_LAYER]: ['has', 'status'],
};
const EMPTY = { type: 'FeatureCollection' as const, features: [] };

const outcomeColour = ['match', ['coalesce', ['get', 'outcome'], -1],
  0, OUTCOME_COLOURS[0], 1, OUTCOME_COLOURS[1], 2, OUTCOME_COLOURS[2], 3, OUTCOME_COLOURS[3], OPEN_COLOUR] as unknown as ExpressionSpecification;
/** In-rate → one of the five shades; a service never asked about is white. */
const inRateShade = ['case', ['==', ['get', 'inEstimate'], null], '#ffffff',
  ['step', ['get', 'inEstimate'], RATE_SHADES[0], 0.2, RATE_SHADES[1], 0.4, RATE_SHADES[2], 0.6, RATE_SHADES[3], 0.8, RATE_SHADES[4]]] as unknown as ExpressionSpecification;

export function addPathwayLayers(map: MapLibreMap, beforeLayer?: string): void {
  if (map.getSource(LINE_SOURCE)) return;
  map.addSource(LINE_SOURCE, { type: 'geojson', data: EMPTY });
  map.addSource(ASSET_SOURCE, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: OPEN_LAYER, type: 'line', source: LINE_SOURCE, filter: STATUS_FILTERS[OPEN_LAYER],
    layout: { 'line-cap': 'round' }, paint: { 'line-color': OPEN_COLOUR, 'line-width': 1.5, 'line-dasharray': [0.5, 2] } }, beforeLayer);
  map.addLayer({ id: UNREACHABLE_LAYER, type: 'line', source: LINE_SOURCE, filter: STATUS_FILTERS[UNREACHABLE_LAYER],
    paint: { 'line-color': UNREACHABLE_COLOUR, 'line-width': 2, 'line-dasharray': [3, 2] } }, beforeLayer);
  // A dark casing under each coloured arc keeps it at least 3:1 against the pale map (WCAG 1.4.11),
  // which the paler Okabe–Ito colours (orange, sky blue) are not on their own.
  map.addLayer({ id: CASING_LAYER, type: 'line', source: LINE_SOURCE, filter: STATUS_FILTERS[CASING_LAYER],
    layout: { 'line-cap': 'round' }, paint: { 'line-color': PATHWAY_CASING, 'line-width': ['+', 4, ['coalesce', ['get', 'outcome'], 0]] } }, beforeLayer);
  map.addLayer({ id: PATHWAY_REACHED_LAYER, type: 'line', source: LINE_SOURCE, filter: STATUS_FILTERS[PATHWAY_REACHED_LAYER],
    layout: { 'line-cap': 'round' },
    // Stronger pathways are drawn wider as well as cooler, so the order reads without colour.
    paint: { 'line-color': outcomeColour, 'line-width': ['+', 2, ['coalesce', ['get', 'outcome'], 0]] } }, beforeLayer);
  // The arrowhead: a dark SDF image with a white rim, turned along the arc at its middle (A → B);
  // dark on every outcome colour, so the direction reads whatever the arc's colour.
  if (!map.hasImage(ARROW_IMAGE)) map.addImage(ARROW_IMAGE, arrowImage(), { sdf: true, pixelRatio: 2 });
  map.addLayer({ id: ARROW_LAYER, type: 'symbol', source: LINE_SOURCE,
    layout: { 'symbol-placement': 'line-center', 'icon-image': ARROW_IMAGE, 'icon-rotation-alignment': 'map', 'icon-allow-overlap': true, 'icon-ignore-placement': true,
      'icon-size': ['match', ['get', 'status'], 'reached', ['+', 1, ['*', 0.12, ['coalesce', ['get', 'outcome'], 0]]], 0.9] },
    paint: { 'icon-color': PATHWAY_CASING, 'icon-halo-color': '#ffffff', 'icon-halo-width': 1.5 } }, beforeLayer);
  map.addLayer({ id: PATHWAY_ASSET_LAYER, type: 'circle', source: ASSET_SOURCE,
    paint: { 'circle-radius': 7, 'circle-color': inRateShade, 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 1.5 } }, beforeLayer);
  map.addLayer({ id: UNREACHABLE_RING_LAYER, type: 'circle', source: ASSET_SOURCE, filter: ['==', ['get', 'contactedUnreachable'], true],
    paint: { 'circle-radius': 11, 'circle-opacity': 0, 'circle-stroke-color': UNREACHABLE_COLOUR, 'circle-stroke-width': 3 } }, beforeLayer);
}

export function setPathwayData(map: MapLibreMap, lines: PathwayCollection | null, assets: PathwayAssetCollection | null): void {
  const arcs = lines
    ? { type: 'FeatureCollection' as const, features: lines.features.map((f) => ({
        ...f, properties: { ...f.properties, key: pathwayKey(f.properties) }, geometry: { type: 'LineString' as const, coordinates: arcCoordinates(f.geometry.coordinates[0], f.geometry.coordinates[1]) } })) }
    : EMPTY;
  // Paint the strongest pathways last (on top).
  arcs.features.sort((x, y) => (x.properties.outcome ?? -1) - (y.properties.outcome ?? -1));
  const dots = assets
    ? { type: 'FeatureCollection' as const, features: assets.features.map((f) => ({ ...f, properties: { ...f.properties, inEstimate: f.properties.in.estimate } })) }
    : EMPTY;
  map.getSource<GeoJSONSource>(LINE_SOURCE)?.setData(arcs);
  map.getSource<GeoJSONSource>(ASSET_SOURCE)?.setData(dots);
  for (const id of LAYERS) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', lines ? 'visible' : 'none');
}

/** Only the arcs whose kind is in `shown` (the panel's outcome filter); the dots stay. */
export function setPathwayFilter(map: MapLibreMap, shown: readonly PathwayKey[]): void {
  const keep: ExpressionSpecification = ['in', ['get', 'key'], ['literal', [...shown]]];
  for (const id of LINE_LAYERS) if (map.getLayer(id)) map.setFilter(id, ['all', STATUS_FILTERS[id]!, keep] as FilterSpecification);
}

/** A filled arrowhead pointing along +x (MapLibre turns it to the line's direction), white for SDF tinting. */
function arrowImage(): ImageData {
  const size = 28;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.beginPath();
  g.moveTo(size - 3, size / 2);
  g.lineTo(5, 4);
  g.lineTo(9, size / 2);
  g.lineTo(5, size - 4);
  g.closePath();
  g.fill();
  return g.getImageData(0, 0, size, size);
}
