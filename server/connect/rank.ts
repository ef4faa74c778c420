import { fitsNeeds, isOnline, type FinderRecord } from './match';
import type { Needs } from './needs';

/**
 * The nearest records that fit, by the straight-line distance from the place asked about to
 * each record's nearest PUBLIC point (a sensitive place's masking-cell centre, never its
 * exact point: the candidates come from the public read model, and each distance was
 * measured there, on the ellipsoid, by PostGIS). Pure.
 */
/** A record and the distance, in metres, to each of its places that was measured (by site id). */
export type Candidate = { record: FinderRecord; siteDistances: Record<string, number> };

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

/** The record's nearest measured place, or null when none was measured (no place, or online only). */
export function nearestSite({ record, siteDistances }: Candidate): { siteIndex: number; distanceMetres: number } | null {
  let best: { siteIndex: number; distanceMetres: number } | null = null;
  record.sites.forEach((site, siteIndex) => {
    const distanceMetres = siteDistances[site.id];
    if (distanceMetres !== undefined && (!best || distanceMetres < best.distanceMetres)) best = { siteIndex, distanceMetres };
  });
  return best;
}

export function rankNearby(candidates: readonly Candidate[], needs: Needs, withinMetres: number, limit: number): Ranking {
  const fitting = candidates.filter((c) => fitsNeeds(c.record, needs));
  const placed: Ranked[] = [];
  for (const candidate of fitting) {
    const nearest = nearestSite(candidate);
    if (nearest) placed.push({ record: candidate.record, ...nearest });
  }
  placed.sort((a, b) => a.distanceMetres - b.distanceMetres || a.record.name.localeCompare(b.record.name) || a.record.id.localeCompare(b.record.id));
  const within = placed.filter((p) => p.distanceMetres <= withinMetres);
  return {
    near: within.slice(0, limit),
    nearCount: within.length,
    nearestBeyond: within.length ? null : placed[0] ?? null,
    onlineOnly: needs.online
      ? fitting.map((c) => c.record).filter((r) => !r.sites.length && isOnline(r)).sort((a, b) => a.name.localeCompare(b.name))
      : [],
  };
}
