/**
 * The asset markers on the map: the clustered GeoJSON layer, or the vector tiles past
 * WAYMARK_MAP_TILES_FROM places. Clicking a marker opens its card (through the view list);
 * clicking a cluster zooms in. The filters reach the markers through `redraw`.
 */
import type { GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl';
import type { AssetPointFeature } from '../shared/types';
import { removeSources, Subscriptions, type MapController } from './controller';
import { emphasiseAssets } from './layers/asset-emphasis';
import { addAssetTileLayers, setAssetTileFilter, TILE_SOURCE } from './layers/asset-tiles-layer';
import { addAssetLayers, addSelectedLayers, ASSET_SOURCE, CLUSTER_LAYER, POINT_LAYER, SELECTED_SOURCE, setAssetFeatures } from './layers/assets-layer';
import { renderedPlaceNames } from './layers/places-layer';
import type { MapState } from './map-state';
import type { Map as MapLibreMap, MapLayerMouseEvent } from './maplibre';
import { tileFilter } from './tile-filter';
import type { ViewList } from './view-list-controller';

export type AssetMarkers = MapController & { redraw(): void; emphasise(): void };

export function createAssetMarkers(state: MapState, list: () => ViewList): AssetMarkers {
  const subs = new Subscriptions();
  const emphasise = () => state.map && state.mapLoaded && emphasiseAssets(state.map, state.tileMode, state.emphasis);

  return {
    redraw() {
      const map = state.map;
      if (!map) return;
      if (!state.tileMode) setAssetFeatures(map, state.shown);
      else if (state.mapLoaded) setAssetTileFilter(map, tileFilter(list().filters, state.search.ids));
    },
    emphasise,
    onAdd(map: MapLibreMap) {
      if (state.tileMode) {
        addAssetTileLayers(map, `${location.origin}/tiles/assets/{z}/{x}/{y}.mvt`, tileFilter(list().filters, state.search.ids));
        addSelectedLayers(map);
      } else addAssetLayers(map, state.shown);

      subs.add(
        map.on('click', POINT_LAYER, (e: MapLayerMouseEvent) => {
          const props = e.features?.[0]?.properties;
          if (state.tileMode) {
            state.view.clicked = e.features?.[0] ? tileFeatureAsPlace(e.features[0]) : null;
            if (state.view.clicked) list().openFeature(state.view.clicked, map.getCanvas());
            return;
          }
          const f = props && state.shown.find((s) => s.properties.assetId === props.assetId && s.properties.siteId === props.siteId);
          // The marker was drawn on the canvas: focus goes back there when the card closes.
          if (f) list().openFeature(f, map.getCanvas());
        }),
        map.on('click', CLUSTER_LAYER, async (e: MapLayerMouseEvent) => {
          const cluster = e.features?.[0];
          if (state.tileMode) return; // no cluster layer over tiles
          if (!cluster || cluster.geometry.type !== 'Point') return;
          const zoom = await map.getSource<GeoJSONSource>(ASSET_SOURCE)!.getClusterExpansionZoom(cluster.properties.cluster_id);
          map.easeTo({ center: cluster.geometry.coordinates as [number, number], zoom });
        }),
        ...[POINT_LAYER, CLUSTER_LAYER].flatMap((layer) => [
          map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer')),
          map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = '')),
        ]),
        map.on('idle', () => {
          document.body.dataset.placeLabels = renderedPlaceNames(map).join('|');
          if (state.tileMode && map.getContainer().clientWidth > 0) {
            const b = map.getBounds();
            document.body.dataset.renderedAssets = JSON.stringify(renderedTilePlaces(map));
            document.body.dataset.renderedView = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(',');
          }
        }),
      );
      emphasise();
    },
    onRemove(map: MapLibreMap) {
      subs.clear();
      removeSources(map, [state.tileMode ? TILE_SOURCE : ASSET_SOURCE, SELECTED_SOURCE]);
    },
  };
}

/** A marker of the tile layer as the listing's point feature (the tile joins who-for with commas). */
function tileFeatureAsPlace(f: MapGeoJSONFeature): AssetPointFeature | null {
  if (f.geometry.type !== 'Point') return null;
  const p = f.properties as Record<string, string | boolean | undefined>;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: f.geometry.coordinates },
    properties: {
      assetId: String(p.assetId), siteId: String(p.siteId), name: String(p.name), category: String(p.category), status: 'published',
      sensitive: p.sensitive === true, locationPrecision: (p.locationPrecision ?? 'exact') as AssetPointFeature['properties']['locationPrecision'],
      peerLed: p.peerLed === true, whoFor: typeof p.whoFor === 'string' && p.whoFor ? p.whoFor.split(',') : [],
      organisationName: (p.organisationName as string | undefined) ?? null, venueName: (p.venueName as string | undefined) ?? null,
    } as AssetPointFeature['properties'],
  };
}

/** The tile markers drawn now (for the browser tests: which places, and where). */
type RenderedPlace = { key: string; category: string; lng: number; lat: number };
function renderedTilePlaces(map: MapLibreMap): RenderedPlace[] {
  const seen = new Map<string, RenderedPlace>();
  for (const f of map.getLayer(POINT_LAYER) ? map.queryRenderedFeatures({ layers: [POINT_LAYER] }) : []) {
    if (f.geometry.type !== 'Point') continue;
    const key = `${f.properties.assetId}@${f.properties.siteId}`;
    seen.set(key, { key, category: String(f.properties.category), lng: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! });
  }
  return [...seen.values()].sort((a, b) => a.key.localeCompare(b.key));
}
