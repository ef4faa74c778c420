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
import { addAssetLayers, addSelectedLayers, CLUSTER_LAYER, POINT_LAYER, ASSET_SOURCE, setAssetFeatures, setSelectedFeature } from './layers/assets-layer';
import { addAssetTileLayers, dimAssetTiles, setAssetTileFilter } from './layers/asset-tiles-layer';
import { tileFilter } from './tile-filter';
import { loadViewPlaces, type ViewBox } from './view-listing';
import { addCategoryImages, drawClusterCountOnDemand } from './marker-images';
import { matchesFilters, renderFilters } from './filters';
import { renderImdLegend } from './imd-legend';
import { featureKey, LIST_LIMIT, renderAssetList } from './asset-list';
import { createDetailsPanel } from './asset-details';
import { loadPublishedPoints } from './load-assets';
import type { GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl';
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
  // Past the threshold the map reads vector tiles and the list reads the view from the API,
  // so the whole GeoJSON is never fetched (tileMode); below it, every point is loaded once.
  let tileMode = false;
  const vocabPromise = loadVocabulary();
  try {
    const partnershipPromise = apiGet<Partnership>('/api/partnership');
    [partnership, areas, allPoints, places] = await Promise.all([
      partnershipPromise,
      // Area statistics are optional: a partnership without them still gets its map.
      apiGet<AreaCollection>('/api/areas').catch(() => EMPTY_AREAS),
      partnershipPromise.then((p) => {
        tileMode = start.config.mapTilesFrom !== undefined && p.publishedPlaces >= start.config.mapTilesFrom;
        return tileMode ? [] : loadPublishedPoints();
      }),
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
  document.body.dataset.assetSource = tileMode ? 'tiles' : 'geojson';

  let shown: AssetPointFeature[] = [];
  let selectedKey: string | null = null;
  let map: MapLibreMap | null = null;
  const listContainer = byId('asset-list');
  const listHeading = byId('asset-list-heading');
  // Tile mode: the view's places from the listing, the marker last clicked, and a text search's matches.
  let viewPlaces: AssetPointFeature[] = [];
  let viewMore = false;
  let clickedPlace: AssetPointFeature | null = null;
  let searchText = '';
  let searchIds: string[] | null = null;
  const knownPlaces = () => (tileMode ? (clickedPlace ? [clickedPlace, ...viewPlaces] : viewPlaces) : allPoints);

  const details = createDetailsPanel(byId('details'), vocab, knownPlaces, (asset) => {
    // Keep the place that was clicked when it belongs to this asset, else its first place.
    const known = knownPlaces();
    const keep = asset && known.find((f) => featureKey(f) === selectedKey && f.properties.assetId === asset.id);
    const site = keep || (asset && known.find((f) => f.properties.assetId === asset.id)) || null;
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
    if (tileMode) return viewPlaces;
    if (!map) return shown;
    const bounds = map.getBounds();
    return shown.filter((f) => bounds.contains(f.geometry.coordinates as [number, number]));
  }
  function refreshList(): void {
    renderAssetList(listContainer, listHeading, inView(), vocab, selectedKey, openFeature, tileMode && viewMore);
  }

  /** Tile mode: the list is the listing API's answer for the view; a later view's answer wins. */
  let viewRequest = 0;
  let lastViewBox: ViewBox | null = null;
  async function reloadView(): Promise<void> {
    if (!tileMode) return refreshList();
    const request = ++viewRequest;
    // A map hidden behind the phone's list tab has no size, so no view: keep the last one.
    const shownMap = map && map.getContainer().clientWidth > 0 && map.getContainer().clientHeight > 0 ? map : null;
    const bounds = shownMap?.getBounds();
    const [west, south, east, north] = partnership.bbox;
    const box: ViewBox = bounds ? { west: bounds.getWest(), south: bounds.getSouth(), east: bounds.getEast(), north: bounds.getNorth() }
      : lastViewBox ?? { west, south, east, north };
    lastViewBox = box;
    try {
      const found = await loadViewPlaces(box, filters, searchText, LIST_LIMIT);
      if (request !== viewRequest) return;
      viewPlaces = found.features;
      viewMore = found.more;
      refreshList();
      document.body.dataset.listView = [box.west, box.south, box.east, box.north].join(',');
    } catch (err) {
      if (request === viewRequest) announce(`The list could not load: ${describeError(err)}`, 'error');
    }
  }

  const imdLegend = renderImdLegend();
  const filters = renderFilters(byId<HTMLFormElement>('filters'), vocab, areas.features.length > 0, imdLegend, {
    onFilterChange: () => applyFilters(),
    onSearch: async (text) => {
      try {
        const place = text ? await findPlace(text, places) : null;
        if (tileMode) return await searchTiles(text, place);
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
  /** Tile mode's search: the server finds the matches; the tile layers keep only those assets. */
  async function searchTiles(text: string, place: Awaited<ReturnType<typeof findPlace>>): Promise<void> {
    if (place || !text) {
      searchText = '';
      searchIds = null;
      applyFilters();
      if (place) {
        map?.flyTo({ center: [place.lng, place.lat], zoom: place.zoom });
        announce(`Moved the map to ${place.label}.`);
      } else announce('Showing every asset again.');
      return;
    }
    const matches = await loadPublishedPoints(text);
    searchText = text;
    searchIds = [...new Set(matches.map((f) => f.properties.assetId))];
    applyFilters();
    announce(`${matches.filter((f) => matchesFilters(f.properties, filters)).length} assets match “${text}”.`);
  }
  function applyFilters(): void {
    if (tileMode) {
      if (map && mapLoaded) setAssetTileFilter(map, tileFilter(filters, searchIds));
      void reloadView();
      return;
    }
    shown = allPoints.filter((f) => matchesFilters(f.properties, filters));
    if (map) setAssetFeatures(map, shown);
    refreshList();
  }
  // Pathways: the panel (with its tables) works without WebGL; the arcs wait for the map.
  let pathways: PathwayData | null = null;
  let mapLoaded = false;
  shown = allPoints.filter((f) => matchesFilters(f.properties, filters));
  if (tileMode) void reloadView();
  else refreshList();
  const drawPathways = () => {
    if (!map || !mapLoaded) return;
    const drawnMap = map;
    setPathwayData(drawnMap, pathways?.lines ?? null, pathways?.assets ?? null);
    // The category markers step back while pathways are shown, so the arcs and dots read first.
    if (tileMode) dimAssetTiles(drawnMap, pathways !== null);
    else {
      drawnMap.setPaintProperty(POINT_LAYER, 'icon-opacity', pathways ? 0.45 : 1);
      drawnMap.setPaintProperty(CLUSTER_LAYER, 'circle-opacity', pathways ? 0.35 : 0.9);
    }
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
    if (tileMode) {
      addAssetTileLayers(loadedMap, `${location.origin}/tiles/assets/{z}/{x}/{y}.mvt`, tileFilter(filters, searchIds));
      addSelectedLayers(loadedMap);
    } else addAssetLayers(loadedMap, shown);
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
      if (tileMode && loadedMap.getContainer().clientWidth > 0) {
        const b = loadedMap.getBounds();
        document.body.dataset.renderedAssets = JSON.stringify(renderedTilePlaces(loadedMap));
        document.body.dataset.renderedView = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(',');
      }
    });
    void reloadView();
  });
  map.on('moveend', () => void reloadView());
  if (gapsPanel) map.on('click', (e) => void gapsPanel.then((panel) => panel.placeHypothetical(e.lngLat.lng, e.lngLat.lat)));
  map.on('click', POINT_LAYER, (e: MapLayerMouseEvent) => {
    const props = e.features?.[0]?.properties;
    if (tileMode) {
      clickedPlace = e.features?.[0] ? tileFeatureAsPlace(e.features[0]) : null;
      if (clickedPlace) openFeature(clickedPlace, loadedMap.getCanvas());
      return;
    }
    const f = props && shown.find((s) => s.properties.assetId === props.assetId && s.properties.siteId === props.siteId);
    // The marker was drawn on the canvas: focus goes back there when the card closes.
    if (f) openFeature(f, loadedMap.getCanvas());
  });
  map.on('click', CLUSTER_LAYER, async (e: MapLayerMouseEvent) => {
    const cluster = e.features?.[0];
    if (tileMode) return; // no cluster layer over tiles
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
