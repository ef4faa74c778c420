/**
 * The public map page: published assets over the partnership boundary (and, on request,
 * deprivation by area), with filters, a keyboard-usable list of what is in view, and a
 * card per asset. If the browser cannot run WebGL the list and cards still work.
 */
import '../shared/styles.css';
import './map-page.css';
import { AttributionControl, Map as MapLibreMap, NavigationControl, type MapLayerMouseEvent } from './maplibre';
import { apiGet, describeError } from '../shared/api';
import { byId } from '../shared/dom';
import { startPage } from '../shared/page';
import { announce } from '../shared/status';
import type { AreaCollection, AssetPointFeature, Partnership, PlaceCollection } from '../shared/types';
import { loadVocabulary } from '../shared/vocabulary';
import { STYLED_CATEGORIES } from '../shared/palette';
import { resolveMapStyle } from './basemap';
import { addLsoaOutlines, addPlaceLabels, renderedPlaceNames } from './layers/places-layer';
import { findPlace } from './place-search';
import { setUpPhoneTabs } from './phone-tabs';
import { addAreasLayer, setAreasVisible } from './layers/areas-layer';
import { addBoundaryLayer, BOUNDARY_LINE_LAYER } from './layers/boundary-layer';
import { addAssetLayers, CLUSTER_LAYER, POINT_LAYER, ASSET_SOURCE, setAssetFeatures, setSelectedFeature } from './layers/assets-layer';
import { addCategoryImages, drawClusterCountOnDemand } from './marker-images';
import { matchesFilters, renderFilters } from './filters';
import { renderImdLegend } from './imd-legend';
import { featureKey, renderAssetList } from './asset-list';
import { createDetailsPanel } from './asset-details';
import { loadPublishedPoints } from './load-assets';
import type { GeoJSONSource } from 'maplibre-gl';
import { hasRole } from '../shared/session';
import { renderGapsPanel } from './gaps-panel';
import { addGapsLayer, setGapCells, setGapMeasure, setGapsVisible } from './layers/gaps-layer';
import { addGapPointsLayer, setGapPoints } from './layers/gap-points-layer';

/** Who sees coverage gaps (the server enforces the same roles; docs/gaps-method.md says why). */
const GAP_ROLES = ['commissioner', 'coordinator', 'researcher', 'admin'] as const;
import { addPathwayLayers, setPathwayData } from './layers/pathway-layer';
import { renderPathwayPanel, type PathwayData } from './pathway-panel';
import { labelOf } from '../shared/vocabulary';

const EMPTY_AREAS: AreaCollection = { type: 'FeatureCollection', features: [] };
const NO_PLACES: PlaceCollection = { type: 'FeatureCollection', features: [], attribution: '' };

async function main(): Promise<void> {
  const start = await startPage('map');
  if (!start) return;
  let partnership: Partnership, areas: AreaCollection, allPoints: AssetPointFeature[], places: PlaceCollection;
  const vocabPromise = loadVocabulary();
  try {
    [partnership, areas, allPoints, places] = await Promise.all([
      apiGet<Partnership>('/api/partnership'),
      // Area statistics are optional: a partnership without them still gets its map.
      apiGet<AreaCollection>('/api/areas').catch(() => EMPTY_AREAS),
      loadPublishedPoints(),
      // Town names are optional too (the offline basemap's labels and the place search).
      apiGet<PlaceCollection>('/api/places').catch(() => NO_PLACES),
    ]);
  } catch (err) {
    announce(`The map could not load: ${describeError(err)}`, 'error');
    showRetry(byId('asset-list'));
    return;
  }
  const vocab = await vocabPromise;
  byId('partnership-name').textContent = `${partnership.name}: recovery map`;
  document.title = `${partnership.name}: recovery map · Waymark`;

  let shown: AssetPointFeature[] = [];
  let selectedKey: string | null = null;
  let map: MapLibreMap | null = null;
  const listContainer = byId('asset-list');
  const listHeading = byId('asset-list-heading');

  const details = createDetailsPanel(byId('details'), vocab, () => allPoints, (asset) => {
    // Keep the place that was clicked when it belongs to this asset, else its first place.
    const keep = asset && allPoints.find((f) => featureKey(f) === selectedKey && f.properties.assetId === asset.id);
    const site = keep || (asset && allPoints.find((f) => f.properties.assetId === asset.id)) || null;
    selectedKey = site ? featureKey(site) : null;
    if (map) setSelectedFeature(map, site);
    refreshList();
  });

  const openFeature = (f: AssetPointFeature, opener: HTMLElement | null) => {
    selectedKey = featureKey(f);
    void details.open(f.properties.assetId, opener);
    if (map && !map.getBounds().contains(f.geometry.coordinates as [number, number])) {
      map.easeTo({ center: f.geometry.coordinates as [number, number] });
    }
  };

  function inView(): AssetPointFeature[] {
    if (!map) return shown;
    const bounds = map.getBounds();
    return shown.filter((f) => bounds.contains(f.geometry.coordinates as [number, number]));
  }
  function refreshList(): void {
    renderAssetList(listContainer, listHeading, inView(), vocab, selectedKey, openFeature);
  }

  const imdLegend = renderImdLegend();
  const filters = renderFilters(byId<HTMLFormElement>('filters'), vocab, areas.features.length > 0, imdLegend, {
    onFilterChange: () => applyFilters(),
    onSearch: async (text) => {
      try {
        const place = text ? await findPlace(text, places) : null;
        if (place) {
          // A postcode or town: move there and show everything, rather than filter by the words.
          allPoints = await loadPublishedPoints();
          applyFilters();
          map?.flyTo({ center: [place.lng, place.lat], zoom: place.zoom });
          announce(`Moved the map to ${place.label}.`);
          return;
        }
        allPoints = await loadPublishedPoints(text);
        applyFilters();
        announce(text ? `${shown.length} assets match “${text}”.` : `Showing all ${shown.length} assets.`);
      } catch (err) {
        announce(`Search failed: ${describeError(err)}`, 'error');
      }
    },
    onAreasToggle: (visible) => map && setAreasVisible(map, visible),
  });
  function applyFilters(): void {
    shown = allPoints.filter((f) => matchesFilters(f.properties, filters));
    if (map) setAssetFeatures(map, shown);
    refreshList();
  }
  shown = allPoints.filter((f) => matchesFilters(f.properties, filters));
  refreshList();

  // Pathways: the panel (with its tables) works without WebGL; the arcs wait for the map.
  let pathways: PathwayData | null = null;
  let mapLoaded = false;
  const drawPathways = () => {
    if (!map || !mapLoaded) return;
    const drawnMap = map;
    setPathwayData(drawnMap, pathways?.lines ?? null, pathways?.assets ?? null);
    // The category markers step back while pathways are shown, so the arcs and dots read first.
    drawnMap.setPaintProperty(POINT_LAYER, 'icon-opacity', pathways ? 0.45 : 1);
    drawnMap.setPaintProperty(CLUSTER_LAYER, 'circle-opacity', pathways ? 0.35 : 0.9);
    delete document.body.dataset.pathwaysReady;
    const coords = pathways?.lines.features.flatMap((f) => f.geometry.coordinates) ?? [];
    if (coords.length) {
      const lngs = coords.map((c) => c[0]), lats = coords.map((c) => c[1]);
      drawnMap.fitBounds([[Math.min(...lngs), Math.min(...lats)], [Math.max(...lngs), Math.max(...lats)]], { padding: 48, maxZoom: 15, duration: 0 });
    }
    const id = pathways?.results.campaign.id;
    if (id) drawnMap.once('idle', () => { document.body.dataset.pathwaysReady = id; });
  };
  const pathwaysReady = renderPathwayPanel(byId('pathways'), start.me.user?.role ?? null, (code) => labelOf(vocab.categories, code), (data) => {
    pathways = data;
    drawPathways();
  });

  const phoneTabs = setUpPhoneTabs(() => map?.resize());
  const { style, ownLabels } = await resolveMapStyle(start.config);
  try {
    map = new MapLibreMap({
      container: 'map',
      style,
      bounds: partnership.bbox,
      fitBoundsOptions: { padding: 24 },
      attributionControl: false,
    });
  } catch (err) {
    showMapFallback(err);
    phoneTabs.show('list');
    return;
  }
  const gapsPanel = hasRole(start.me.user, GAP_ROLES) ? renderGapsPanelFor(map) : null;
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new AttributionControl({ compact: false, customAttribution: partnership.attribution }), 'bottom-right');
  drawClusterCountOnDemand(map);
  const loadedMap = map;

  map.on('load', async () => {
    const categoryCodes = [...new Set([...vocab.categories.map((c) => c.code), ...STYLED_CATEGORIES])];
    await addCategoryImages(loadedMap, categoryCodes);
    addBoundaryLayer(loadedMap, partnership);
    if (ownLabels) {
      addLsoaOutlines(loadedMap, areas, loadedMap.getLayer(BOUNDARY_LINE_LAYER) ? BOUNDARY_LINE_LAYER : undefined);
      addPlaceLabels(loadedMap, places);
    }
    // Areas sit over the boundary's wash (which would pale them) and under its line.
    if (areas.features.length) addAreasLayer(loadedMap, areas, loadedMap.getLayer(BOUNDARY_LINE_LAYER) ? BOUNDARY_LINE_LAYER : undefined);
    // Gap cells sit over the areas, under the boundary line and the assets.
    if (gapsPanel) addGapsLayer(loadedMap, loadedMap.getLayer(BOUNDARY_LINE_LAYER) ? BOUNDARY_LINE_LAYER : undefined);
    addAssetLayers(loadedMap, shown);
    if (gapsPanel) addGapPointsLayer(loadedMap);
    addPathwayLayers(loadedMap);
    mapLoaded = true;
    await pathwaysReady;
    drawPathways();
    loadedMap.once('idle', () => {
      document.body.dataset.mapReady = 'true';
    });
    loadedMap.on('idle', () => {
      document.body.dataset.placeLabels = renderedPlaceNames(loadedMap).join('|');
    });
    refreshList();
  });
  map.on('moveend', refreshList);
  if (gapsPanel) map.on('click', (e) => void gapsPanel.then((panel) => panel.placeHypothetical(e.lngLat.lng, e.lngLat.lat)));
  map.on('click', POINT_LAYER, (e: MapLayerMouseEvent) => {
    const props = e.features?.[0]?.properties;
    const f = props && shown.find((s) => s.properties.assetId === props.assetId && s.properties.siteId === props.siteId);
    // The marker was drawn on the canvas: focus goes back there when the card closes.
    if (f) openFeature(f, loadedMap.getCanvas());
  });
  map.on('click', CLUSTER_LAYER, async (e: MapLayerMouseEvent) => {
    const cluster = e.features?.[0];
    if (!cluster || cluster.geometry.type !== 'Point') return;
    const zoom = await loadedMap.getSource<GeoJSONSource>(ASSET_SOURCE)!.getClusterExpansionZoom(cluster.properties.cluster_id);
    loadedMap.easeTo({ center: cluster.geometry.coordinates as [number, number], zoom });
  });
  for (const layer of [POINT_LAYER, CLUSTER_LAYER]) {
    map.on('mouseenter', layer, () => (loadedMap.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (loadedMap.getCanvas().style.cursor = ''));
  }
  map.on('error', (e) => console.warn('Map:', e.error?.message ?? e));
}

function renderGapsPanelFor(map: MapLibreMap) {
  const section = byId('gaps-section');
  section.hidden = false;
  return loadVocabulary().then((vocab) => renderGapsPanel(section, vocab, {
    onVisible: (visible) => setGapsVisible(map, visible),
    onCells: (cells) => setGapCells(map, cells),
    onMeasure: (measure) => setGapMeasure(map, measure),
    onPoints: (points) => setGapPoints(map, points),
    onWhatIfMode: (active) => (map.getCanvas().style.cursor = active ? 'crosshair' : ''),
  }));
}

/** A failed load offers to try again rather than leaving an empty page. */
function showRetry(where: HTMLElement): void {
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'load-failed';
  retry.textContent = 'Try again';
  retry.addEventListener('click', () => location.reload());
  where.replaceChildren(retry);
  retry.focus();
}

function showMapFallback(err: unknown): void {
  const fallback = byId('map-fallback');
  fallback.hidden = false;
  fallback.textContent = `This browser cannot draw the interactive map (${err instanceof Error ? err.message : 'WebGL is unavailable'}). ` +
    'Every asset is still in the list, and each opens its details.';
  byId('map').hidden = true;
}

void main();
