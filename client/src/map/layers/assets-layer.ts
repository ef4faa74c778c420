/**
 * Published assets as one clustered GeoJSON source: clusters as sized circles with a count,
 * single assets as their category marker. Filtering replaces the source's data, so cluster
 * counts always match what is shown. The asset whose card is open sits in a source of its
 * own, never clustered, ringed on top, so you can see where it is at any zoom.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { AssetPointFeature } from '../../shared/types';
import { CLUSTER_COUNT_PREFIX, MARKER_SIZE } from '../marker-images';

export const ASSET_SOURCE = 'assets';
export const CLUSTER_LAYER = 'asset-clusters';
export const POINT_LAYER = 'asset-points';
const CLUSTER_COUNT_LAYER = 'asset-cluster-counts';
export const SELECTED_SOURCE = 'asset-selected';
const SELECTED_RING_LAYER = 'asset-selected-ring';
const SELECTED_ICON_LAYER = 'asset-selected-icon';
const NO_FEATURES = { type: 'FeatureCollection' as const, features: [] };

export function addAssetLayers(map: MapLibreMap, features: AssetPointFeature[]): void {
  map.addSource(ASSET_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features },
    cluster: true,
    clusterRadius: 42,
    // Past street level nothing clusters, so assets sharing a venue show as one marker
    // whose card lists the others there.
    clusterMaxZoom: 15,
  });
  map.addLayer({
    id: CLUSTER_LAYER,
    type: 'circle',
    source: ASSET_SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': '#1f3d3a',
      'circle-opacity': 0.9,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
      'circle-radius': ['step', ['get', 'point_count'], 14, 10, 18, 50, 23, 200, 28],
    },
  });
  map.addLayer({
    id: CLUSTER_COUNT_LAYER,
    type: 'symbol',
    source: ASSET_SOURCE,
    filter: ['has', 'point_count'],
    layout: {
      'icon-image': ['concat', CLUSTER_COUNT_PREFIX, ['get', 'point_count_abbreviated']],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  });
  map.addLayer({
    id: POINT_LAYER,
    type: 'symbol',
    source: ASSET_SOURCE,
    filter: ['!', ['has', 'point_count']],
    layout: {
      'icon-image': ['concat', 'category-', ['get', 'category']],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  });
  addSelectedLayers(map);
}

/** The ring and marker of the asset whose card is open, over every asset layer (GeoJSON or tiles). */
export function addSelectedLayers(map: MapLibreMap): void {
  map.addSource(SELECTED_SOURCE, { type: 'geojson', data: NO_FEATURES });
  map.addLayer({
    id: SELECTED_RING_LAYER,
    type: 'circle',
    source: SELECTED_SOURCE,
    paint: { 'circle-radius': MARKER_SIZE / 2 + 7, 'circle-color': '#ffbf47', 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 3 },
  });
  map.addLayer({
    id: SELECTED_ICON_LAYER,
    type: 'symbol',
    source: SELECTED_SOURCE,
    layout: { 'icon-image': ['concat', 'category-', ['get', 'category']], 'icon-allow-overlap': true, 'icon-ignore-placement': true },
  });
}

export function setAssetFeatures(map: MapLibreMap, features: AssetPointFeature[]): void {
  map.getSource<GeoJSONSource>(ASSET_SOURCE)?.setData({ type: 'FeatureCollection', features });
}

export function setSelectedFeature(map: MapLibreMap, feature: AssetPointFeature | null): void {
  map.getSource<GeoJSONSource>(SELECTED_SOURCE)?.setData(feature ? { type: 'FeatureCollection', features: [feature] } : NO_FEATURES);
}
