/**
 * How strongly the asset markers are drawn under another layer. While pathways are shown
 * they step back (the arcs and dots read first); while a coverage-gap category is shown,
 * that category's markers stay at full strength and every other category fades, so the
 * markers on the gap map are the supply the gap map counts.
 */
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { CLUSTER_LAYER, POINT_LAYER } from './assets-layer';
import { dimAssetTiles } from './asset-tiles-layer';

export type Emphasis = { pathways: boolean; gapCategory: string | null };

/** Markers of other categories while a gap category is shown: visible, but plainly not counted. */
export const OTHER_CATEGORY_OPACITY = 0.2;

export function markerOpacity(e: Emphasis): number | ExpressionSpecification {
  const chosen = e.pathways ? 0.45 : 1;
  return e.gapCategory ? ['case', ['==', ['get', 'category'], e.gapCategory], chosen, OTHER_CATEGORY_OPACITY] : chosen;
}

export function emphasiseAssets(map: MapLibreMap, tileMode: boolean, e: Emphasis): void {
  if (!map.getLayer(POINT_LAYER)) return;
  if (tileMode) dimAssetTiles(map, e.pathways || e.gapCategory !== null);
  // Clusters mix categories, so they fade as a whole.
  else map.setPaintProperty(CLUSTER_LAYER, 'circle-opacity', e.pathways || e.gapCategory ? 0.35 : 0.9);
  map.setPaintProperty(POINT_LAYER, 'icon-opacity', markerOpacity(e));
  // For the browser tests: which markers are at full strength.
  document.body.dataset.assetMarkers = e.gapCategory ? `only ${e.gapCategory}` : e.pathways ? 'dimmed' : 'all';
}
