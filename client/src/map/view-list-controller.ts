/**
 * The view list: the filters, the text search, the list of what is in view and the card
 * per asset. It works with no map at all (no WebGL); on the map it follows the view.
 * GeoJSON mode filters the loaded points here; tile mode asks the listing API per view.
 */
import { describeError } from '../shared/api';
import { byId } from '../shared/dom';
import { announce } from '../shared/status';
import type { AssetPointFeature } from '../shared/types';
import { featureKey, LIST_LIMIT, renderAssetList } from './asset-list';
import { createDetailsPanel } from './asset-details';
import { Subscriptions, type MapController } from './controller';
import { matchesFilters, renderFilters, type FilterState } from './filters';
import { renderImdLegend } from './imd-legend';
import { setAreasVisible } from './layers/areas-layer';
import { setSelectedFeature } from './layers/assets-layer';
import { loadPublishedPoints } from './load-assets';
import type { MapState } from './map-state';
import type { Map as MapLibreMap } from './maplibre';
import { findPlace } from './place-search';
import { loadViewPlaces, type ViewBox } from './view-listing';

export type ViewList = MapController & {
  filters: FilterState;
  /** The list again from what is known (GeoJSON), or the listing for the view (tiles). */
  reload(): Promise<void>;
  openFeature(f: AssetPointFeature, opener: HTMLElement | null): void;
};

/** `onFiltered` puts the filtered assets on the map (the markers controller). */
export function createViewList(state: MapState, onFiltered: () => void): ViewList {
  const listContainer = byId('asset-list');
  const listHeading = byId('asset-list-heading');
  const subs = new Subscriptions();
  const knownPlaces = () => (state.tileMode ? (state.view.clicked ? [state.view.clicked, ...state.view.places] : state.view.places) : state.allPoints);

  const details = createDetailsPanel(byId('details'), state.vocab, knownPlaces, (asset) => {
    // Keep the place that was clicked when it belongs to this asset, else its first place.
    const known = knownPlaces();
    const keep = asset && known.find((f) => featureKey(f) === state.selectedKey && f.properties.assetId === asset.id);
    const site = keep || (asset && known.find((f) => f.properties.assetId === asset.id)) || null;
    state.selectedKey = site ? featureKey(site) : null;
    if (state.map) setSelectedFeature(state.map, site);
    refresh();
  });

  const openFeature = (f: AssetPointFeature, opener: HTMLElement | null) => {
    state.selectedKey = featureKey(f);
    void details.open(f.properties.assetId, opener);
    const map = state.map;
    if (map && !map.getBounds().contains(f.geometry.coordinates as [number, number])) map.easeTo({ center: f.geometry.coordinates as [number, number] });
  };

  function inView(): AssetPointFeature[] {
    if (state.tileMode) return state.view.places;
    if (!state.map) return state.shown;
    const bounds = state.map.getBounds();
    return state.shown.filter((f) => bounds.contains(f.geometry.coordinates as [number, number]));
  }
  function refresh(): void {
    renderAssetList(listContainer, listHeading, inView(), state.vocab, state.selectedKey, openFeature, state.tileMode && state.view.more);
  }

  /** Tile mode: the list is the listing API's answer for the view; a later view's answer wins. */
  async function reload(): Promise<void> {
    if (!state.tileMode) return refresh();
    const request = ++state.view.request;
    // A map hidden behind the phone's list tab has no size, so no view: keep the last one.
    const map = state.map;
    const shownMap = map && map.getContainer().clientWidth > 0 && map.getContainer().clientHeight > 0 ? map : null;
    const bounds = shownMap?.getBounds();
    const [west, south, east, north] = state.partnership.bbox;
    const box: ViewBox = bounds ? { west: bounds.getWest(), south: bounds.getSouth(), east: bounds.getEast(), north: bounds.getNorth() }
      : state.view.box ?? { west, south, east, north };
    state.view.box = box;
    try {
      const found = await loadViewPlaces(box, filters, state.search.text, LIST_LIMIT);
      if (request !== state.view.request) return;
      state.view.places = found.features;
      state.view.more = found.more;
      refresh();
      document.body.dataset.listView = [box.west, box.south, box.east, box.north].join(',');
    } catch (err) {
      if (request === state.view.request) announce(`The list could not load: ${describeError(err)}`, 'error');
    }
  }

  function applyFilters(): void {
    if (!state.tileMode) state.shown = state.allPoints.filter((f) => matchesFilters(f.properties, filters));
    onFiltered();
    if (state.tileMode) void reload();
    else refresh();
  }

  const moveTo = (place: { lng: number; lat: number; zoom: number; label: string }) => {
    state.map?.flyTo({ center: [place.lng, place.lat], zoom: place.zoom });
    announce(`Moved the map to ${place.label}.`);
  };

  /** Tile mode's search: the server finds the matches; the tile layers keep only those assets. */
  async function searchTiles(text: string, place: Awaited<ReturnType<typeof findPlace>>): Promise<void> {
    if (place || !text) {
      state.search = { text: '', ids: null };
      applyFilters();
      if (place) moveTo(place);
      else announce('Showing every asset again.');
      return;
    }
    const matches = await loadPublishedPoints(text);
    state.search = { text, ids: [...new Set(matches.map((f) => f.properties.assetId))] };
    applyFilters();
    announce(`${matches.filter((f) => matchesFilters(f.properties, filters)).length} assets match “${text}”.`);
  }

  const filters = renderFilters(byId<HTMLFormElement>('filters'), state.vocab, state.areas.features.length > 0, renderImdLegend(), {
    onFilterChange: () => applyFilters(),
    onSearch: async (text) => {
      try {
        const place = text ? await findPlace(text, state.places) : null;
        if (state.tileMode) return await searchTiles(text, place);
        if (place) {
          // A postcode or town: move there and show everything, rather than filter by the words.
          state.allPoints = await loadPublishedPoints();
          applyFilters();
          moveTo(place);
          return;
        }
        state.allPoints = await loadPublishedPoints(text);
        applyFilters();
        announce(text ? `${state.shown.length} assets match “${text}”.` : `Showing all ${state.shown.length} assets.`);
      } catch (err) {
        announce(`Search failed: ${describeError(err)}`, 'error');
      }
    },
    onAreasToggle: (visible) => state.map && setAreasVisible(state.map, visible),
  });

  state.shown = state.allPoints.filter((f) => matchesFilters(f.properties, filters));
  if (state.tileMode) void reload();
  else refresh();

  return {
    filters,
    reload,
    openFeature,
    onAdd(map: MapLibreMap) {
      subs.add(map.on('moveend', () => void reload()));
      void reload();
    },
    onRemove() {
      subs.clear();
    },
  };
}
