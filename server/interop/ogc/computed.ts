import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Geometry as GeoJsonGeometry } from 'geojson';
import type { DatetimeFilter } from './datetime';

/**
 * Filters for the collections whose features are computed rather than read row by row
 * (linkage pathways, gap cells): the same bbox and datetime meaning as the SQL ones in
 * repo.ts. Pure.
 */
export type Bbox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

/** Does the geometry intersect the box (OGC API Features Part 1, 7.15.3)? A line crossing it counts, not only its ends. */
export function intersectsBbox(geometry: GeoJsonGeometry, b: Bbox): boolean {
  return booleanIntersects(geometry, bboxPolygon([b.minLng, b.minLat, b.maxLng, b.maxLat]));
}

/** As repo.ts whereDatetime: an instant or interval on the feature's last change, ends included. */
export function withinDatetime(at: Date | null, dt: DatetimeFilter | undefined): boolean {
  if (!dt) return true;
  if (!at) return false;
  return (!dt.start || at >= dt.start) && (!dt.end || at <= dt.end);
}

/** One page of an in-memory list, and how many matched. */
export function pageOf<T>(all: T[], offset: number, limit: number): { items: T[]; matched: number } {
  return { items: all.slice(offset, offset + limit), matched: all.length };
}
