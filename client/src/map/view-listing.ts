/**
 * The list's records in tile mode: the published places in the map's view, read from the
 * bbox listing (GET /api/assets?bbox=…&sort=name, the public read model's spatial index)
 * with the filter form's filters, instead of from every point in the browser.
 */
import { apiGet, withQuery } from '../shared/api';
import type { AssetPointFeature, AssetPointPage } from '../shared/types';
import type { FilterState } from './filters';

export type ViewBox = { west: number; south: number; east: number; north: number };
/** The places in view, and whether there are more assets there than one page. */
export type ViewPlaces = { features: AssetPointFeature[]; more: boolean };

/** The listing's URL for a view and filters; null when the filters rule everything out. */
export function viewListingUrl(box: ViewBox, state: FilterState, text: string, limit: number): string | null {
  if (!state.categories.size) return null;
  return withQuery('/api/assets', {
    format: 'geojson',
    status: 'published',
    bbox: [box.west, box.south, box.east, box.north].map((v) => v.toFixed(6)).join(','),
    sort: 'name',
    limit,
    category: [...state.categories],
    whoFor: [...state.whoFor],
    peerLed: state.peerLed === 'any' ? null : String(state.peerLed === 'yes'),
    q: text || null,
  });
}

const inBox = (box: ViewBox) => (f: AssetPointFeature) => {
  const [lng, lat] = f.geometry.coordinates as [number, number];
  return lng >= box.west && lng <= box.east && lat >= box.south && lat <= box.north;
};

/**
 * The first `limit` assets by name with a place in the view. An asset's every place comes
 * with it, so the ones outside the view are dropped here.
 */
export async function loadViewPlaces(box: ViewBox, state: FilterState, text: string, limit: number): Promise<ViewPlaces> {
  const url = viewListingUrl(box, state, text, limit);
  if (!url) return { features: [], more: false };
  const page = await apiGet<AssetPointPage>(url);
  return { features: page.features.filter(inBox(box)), more: page.next !== null };
}
