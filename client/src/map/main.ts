/**
 * The public map page: published assets over the partnership boundary (and, on request,
 * deprivation by area), with filters, a keyboard-usable list of what is in view, and a
 * card per asset. If the browser cannot run WebGL the list and cards still work.
 *
 * The page is a state object (map-state.ts) and controllers, each with its setup and
 * teardown (controller.ts): the view list, the asset markers, pathways and, for the roles
 * that may see them, coverage gaps. This file loads the data, makes the map and adds the
 * controllers in layer order once its style has loaded.
 */
import '../shared/styles.css';
import './map-page.css';
import { AttributionControl, Map as MapLibreMap, NavigationControl } from './maplibre';
import { apiGet, describeError } from '../shared/api';
import { byId } from '../shared/dom';
import { startPage } from '../shared/page';
import { announce } from '../shared/status';
import { hasRole } from '../shared/session';
import type { AreaCollection, AssetPointFeature, Partnership, PlaceCollection } from '../shared/types';
import { labelOf, loadVocabulary } from '../shared/vocabulary';
import { STYLED_CATEGORIES } from '../shared/palette';
import { resolveMapStyle } from './basemap';
import { addLsoaOutlines, addPlaceLabels } from './layers/places-layer';
import { setUpPhoneTabs } from './phone-tabs';
import { addAreasLayer } from './layers/areas-layer';
import { addBoundaryLayer, BOUNDARY_LINE_LAYER } from './layers/boundary-layer';
import { addCategoryImages, drawClusterCountOnDemand } from './marker-images';
import { loadPublishedPoints } from './load-assets';
import type { MapState } from './map-state';
import { createViewList, type ViewList } from './view-list-controller';
import { createAssetMarkers } from './asset-markers-controller';
import { createPathways } from './pathways-controller';
import { createGaps } from './gaps-controller';
import { ExportPngControl, type LegendLine } from './export-png';

/** Who sees coverage gaps (the server enforces the same roles; docs/gaps-method.md says why). */
const GAP_ROLES = ['commissioner', 'coordinator', 'researcher', 'admin'] as const;

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

  const state: MapState = {
    partnership, areas, places, vocab, tileMode, map: null, mapLoaded: false, allPoints, shown: [], selectedKey: null,
    view: { places: [], more: false, clicked: null, box: null, request: 0 }, search: { text: '', ids: null },
    emphasis: { pathways: false, gapCategory: null },
  };
  // The list and the markers refer to each other (a filter redraws the markers; a marker opens a card).
  const markers = createAssetMarkers(state, () => list);
  const list: ViewList = createViewList(state, () => markers.redraw());
  const pathways = createPathways(state, start.me.user?.role ?? null, () => markers.emphasise());

  const phoneTabs = setUpPhoneTabs(() => state.map?.resize());
  const { style, ownLabels } = await resolveMapStyle(start.config);
  let map: MapLibreMap;
  try {
    map = new MapLibreMap({ container: 'map', style, bounds: partnership.bbox, fitBoundsOptions: { padding: 24 }, attributionControl: false });
  } catch (err) {
    showMapFallback(err);
    phoneTabs.show('list');
    return;
  }
  state.map = map;
  const gaps = hasRole(start.me.user, GAP_ROLES) ? createGaps(state, map, () => markers.emphasise()) : null;
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ExportPngControl(() => pictureLegend(state, list), () => `${partnership.name}: recovery map`), 'top-right');
  map.addControl(new AttributionControl({ compact: false, customAttribution: partnership.attribution }), 'bottom-right');
  drawClusterCountOnDemand(map);

  map.on('load', async () => {
    const categoryCodes = [...new Set([...vocab.categories.map((c) => c.code), ...STYLED_CATEGORIES])];
    await addCategoryImages(map, categoryCodes);
    addBoundaryLayer(map, partnership);
    const boundaryLine = map.getLayer(BOUNDARY_LINE_LAYER) ? BOUNDARY_LINE_LAYER : undefined;
    if (ownLabels) {
      addLsoaOutlines(map, areas, boundaryLine);
      addPlaceLabels(map, places);
    }
    // Areas sit over the boundary's wash (which would pale them) and under its line.
    if (areas.features.length) addAreasLayer(map, areas, boundaryLine);
    // Gap cells sit over the areas, under the boundary line and the assets; then the
    // markers, the gap points over them, and the pathways on top.
    gaps?.addCells(map, boundaryLine);
    state.mapLoaded = true;
    markers.onAdd(map);
    gaps?.onAdd(map);
    await pathways.onAdd(map);
    map.once('idle', () => {
      document.body.dataset.mapReady = 'true';
    });
    list.onAdd(map);
  });
  map.on('error', (e) => console.warn('Map:', e.error?.message ?? e));
}

/** The picture's legend: the markers shown, then the gap classes and pathway kinds when they are on. */
function pictureLegend(state: MapState, list: ViewList): LegendLine[] {
  const lines: LegendLine[] = [];
  const gapCategory = state.emphasis.gapCategory;
  const categories = state.vocab.categories.filter((c) => (gapCategory ? c.code === gapCategory : list.filters.categories.has(c.code)));
  if (categories.length) lines.push({ label: gapCategory ? 'Assets counted' : 'Assets', heading: true }, ...categories.map((c) => ({ label: c.label, category: c.code })));
  if (gapCategory) {
    lines.push({ label: `Coverage: ${labelOf(state.vocab.categories, gapCategory).toLowerCase()}`, heading: true });
    for (const li of document.querySelectorAll<HTMLElement>('#gaps-legend li')) lines.push({ label: li.textContent ?? '', colour: li.style.getPropertyValue('--swatch') });
  }
  if (state.emphasis.pathways) {
    lines.push({ label: 'Pathways (arrow: called → asked about)', heading: true });
    for (const li of document.querySelectorAll<HTMLElement>('#pathway-filter li')) {
      if (!li.querySelector<HTMLInputElement>('input')?.checked) continue;
      const stroke = li.querySelector('svg line:last-of-type')?.getAttribute('stroke') ?? '#000000';
      lines.push({ label: (li.textContent ?? '').trim(), colour: stroke });
    }
  }
  return lines;
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
