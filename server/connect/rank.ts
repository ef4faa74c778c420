import { fitsNeeds, isOnline, type FinderRecord } from './match';
import type { Needs } from './needs';

/**
 * The nearest records that fit, by straight-line distance from the place asked about to
 * each record's nearest PUBLIC point (a sensitive place's masking-cell centre, never its
 * exact point: the records come from the public read model). Pure.
 */
export type Point = { lat: number; lng: number };

/** The mean Earth radius (IUGG), metres: the great-circle ("as the crow flies") distance. */
const EARTH_RADIUS_M = 6_371_008.8;

export function straightLineMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type Ranked = { record: FinderRecord; siteIndex: number; distanceMetres: number };

export type Ranking = {
  /** Within reach, nearest first (ties by name), at most `limit`. */
  near: Ranked[];
  /** How many fit within reach in all (near may show fewer). */
  nearCount: number;
  /** When none fits within reach: the nearest that fits anywhere, else null. */
  nearestBeyond: Ranked | null;
  /** Online records with no place, when online was asked for (by name). */
  onlineOnly: FinderRecord[];
};

export function nearestSite(record: FinderRecord, origin: Point): { siteIndex: number; distanceMetres: number } | null {
  let best: { siteIndex: number; distanceMetres: number } | null = null;
  record.sites.forEach((site, siteIndex) => {
    const distanceMetres = straightLineMetres(origin, site);
    if (!best || distanceMetres < best.distanceMetres) best = { siteIndex, distanceMetres };
  });
  return best;
}

export function rankNearby(records: readonly FinderRecord[], origin: Point, needs: Needs, withinMetres: number, limit: number): Ranking {
  const fitting = records.filter((r) => fitsNeeds(r, needs));
  const placed: Ranked[] = [];
  for (const record of fitting) {
    const nearest = nearestSite(record, origin);
    if (nearest) placed.push({ record, ...nearest });
  }
  placed.sort((a, b) => a.distanceMetres - b.distanceMetres || a.record.name.localeCompare(b.record.name) || a.record.id.localeCompare(b.record.id));
  const within = placed.filter((p) => p.distanceMetres <= withinMetres);
  return {
    near: within.slice(0, limit),
    nearCount: within.length,
    nearestBeyond: within.length ? null : placed[0] ?? null,
    onlineOnly: needs.online
      ? fitting.filter((r) => !r.sites.length && isOnline(r)).sort((a, b) => a.name.localeCompare(b.name))
      : [],
  };
}
