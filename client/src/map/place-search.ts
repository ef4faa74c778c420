/**
 * The search box also takes a postcode or a place name and moves the map there
 * ("HX1 1AA", "Sowerby Bridge", "elland"): postcodes from /api/postcodes (ONS NSPL),
 * names from the partnership's GeoNames places, ignoring case and accents.
 */
import { apiGet } from '../shared/api';
import type { PlaceCollection, PostcodeLookup } from '../shared/types';

export type PlaceTarget = { label: string; lat: number; lng: number; zoom: number };

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;
export const foldText = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function matchPlaceName(text: string, places: PlaceCollection): PlaceTarget | null {
  const wanted = foldText(text);
  if (!wanted) return null;
  const hit = places.features.find((f) => foldText(f.properties.name) === wanted);
  if (!hit) return null;
  const [lng, lat] = hit.geometry.coordinates;
  return { label: hit.properties.name, lat, lng, zoom: hit.properties.rank === 1 ? 13 : 14 };
}

export async function findPlace(text: string, places: PlaceCollection): Promise<PlaceTarget | null> {
  const trimmed = text.trim();
  if (POSTCODE.test(trimmed)) {
    try {
      const pc = await apiGet<PostcodeLookup>(`/api/postcodes/${encodeURIComponent(trimmed)}`);
      return { label: pc.postcode, lat: pc.lat, lng: pc.lng, zoom: 15 };
    } catch {
      return null; // an unknown postcode is then searched for as text
    }
  }
  return matchPlaceName(trimmed, places);
}
