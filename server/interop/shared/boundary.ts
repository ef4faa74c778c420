import type { Knex } from 'knex';
import { pointsBeyondBoundary } from '../../partnerships/repo';

/**
 * "Inside the partnership's area" for imports, by the same rule capture applies
 * (partnerships/service.ts): inside the boundary or within the margin of it
 * (WAYMARK_BOUNDARY_MARGIN_M). A feed covering a wider area imports what lies inside and
 * counts the rest; it is never refused whole for it.
 *
 * The exact test costs a geodesic distance per point outside (~130 ms each for
 * Calderdale's outline on the embedded engine), so points that are plainly far away (577
 * US meetings in one feed) are settled first from the boundary's extent, in plain maths.
 */
export type Extent = { minLng: number; minLat: number; maxLng: number; maxLat: number };
type Point = { lat: number; lng: number };

/** Distinct places per boundary statement (see outsidePartnershipArea). */
const BOUNDARY_BATCH = 20;

const METRES_PER_DEGREE_LAT_MIN = 110_500; // at the equator; more towards the poles
const METRES_PER_DEGREE_LNG_AT_EQUATOR = 111_320;

/**
 * Is the point certainly further than `marginM` from anything in `extent`? The extent is
 * grown by the margin with degree sizes rounded so the grown box is never too small
 * (a point it rules out is out); a point it keeps goes to the exact test.
 */
export function plainlyOutside(p: Point, extent: Extent, marginM: number): boolean {
  const slack = marginM * 1.02 + 1000;
  const dLat = slack / METRES_PER_DEGREE_LAT_MIN;
  const minLat = extent.minLat - dLat;
  const maxLat = extent.maxLat + dLat;
  if (p.lat < minLat || p.lat > maxLat) return true;
  const widestLat = Math.min(89, Math.max(Math.abs(minLat), Math.abs(maxLat)));
  const dLng = slack / (METRES_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((widestLat * Math.PI) / 180));
  if (dLng >= 180) return false;
  const lng = ((p.lng - (extent.minLng + extent.maxLng) / 2 + 540) % 360) - 180; // relative to the centre, wrapped
  const halfWidth = (extent.maxLng - extent.minLng) / 2 + dLng;
  return Math.abs(lng) > halfWidth;
}

/** Indexes of the points outside the partnership's area (none when it has no boundary). */
export async function outsidePartnershipArea(knex: Knex, partnershipId: string, points: Point[], marginM: number): Promise<Set<number>> {
  if (!points.length) return new Set();
  const row = await knex('partnership')
    .where({ id: partnershipId })
    .whereNotNull('boundary')
    .first(knex.raw('ST_XMin(boundary) AS "minLng", ST_YMin(boundary) AS "minLat", ST_XMax(boundary) AS "maxLng", ST_YMax(boundary) AS "maxLat"'));
  if (!row) return new Set();
  const extent = { minLng: Number(row.minLng), minLat: Number(row.minLat), maxLng: Number(row.maxLng), maxLat: Number(row.maxLat) };
  const outside = new Set<number>();
  const unsure: number[] = [];
  points.forEach((p, i) => (plainlyOutside(p, extent, marginM) ? outside.add(i) : unsure.push(i)));
  // The exact test costs ~130 ms a point outside the outline on the embedded engine, which
  // runs it on the event loop's thread: each distinct place is asked once (a feed repeats its
  // venues), a few at a time, so no single statement holds the connection for long.
  const byPlace = new Map<string, number[]>();
  for (const i of unsure) {
    const key = `${points[i].lat},${points[i].lng}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), i]);
  }
  const places = [...byPlace.values()];
  for (let start = 0; start < places.length; start += BOUNDARY_BATCH) {
    const batch = places.slice(start, start + BOUNDARY_BATCH);
    const beyond = await pointsBeyondBoundary(knex, partnershipId, batch.map((same) => points[same[0]]), marginM);
    for (const k of beyond) for (const i of batch[k]) outside.add(i);
  }
  return outside;
}
