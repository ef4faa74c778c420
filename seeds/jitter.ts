import { seededRandom } from './seeded-random';

type Point = { postcode: string; lat: number; lng: number };

const METRES_PER_DEGREE = 111_320;

/** Equirectangular metres: plenty over a few hundred metres. */
function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const cosLat = Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot((a.lat - b.lat) * METRES_PER_DEGREE, (a.lng - b.lng) * METRES_PER_DEGREE * cosLat);
}

function nearest(point: { lat: number; lng: number }, candidates: readonly Point[]): Point {
  let best = candidates[0];
  let bestMetres = Infinity;
  for (const c of candidates) {
    const m = metresBetween(point, c);
    if (m < bestMetres || (m === bestMetres && c.postcode < best.postcode)) [best, bestMetres] = [c, m];
  }
  return best;
}

/** A stable 32-bit number from a string (FNV-1a), so each place gets its own random stream. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A point 30–100 m from a postcode's centroid that is still nearer that centroid than any
 * other live postcode's (so, as far as centroids can tell, inside the same postcode):
 * sensitive demo places must not sit exactly on a centroid, which would let anyone who
 * knows the outward code and the masking cell list the candidates (issue 5, item 3).
 * Deterministic: its own generator, seeded from `seed` and the postcode, so it does not
 * disturb the rest of the demo's random stream.
 */
export function offCentroid(p: Point, livePostcodes: readonly Point[], seed: number): { lat: number; lng: number } {
  const r = seededRandom((seed ^ hash(p.postcode)) >>> 0);
  const cosLat = Math.cos((p.lat * Math.PI) / 180);
  const at = (metres: number, bearingDeg: number) => {
    const b = (bearingDeg * Math.PI) / 180;
    return { lat: p.lat + (metres * Math.cos(b)) / METRES_PER_DEGREE, lng: p.lng + (metres * Math.sin(b)) / (METRES_PER_DEGREE * cosLat) };
  };
  // Wide offsets first; in dense streets (centroids 20–40 m apart) fall back to smaller ones.
  for (const [min, max] of [[30, 100], [15, 30], [5, 15]] as const) {
    for (let attempt = 0; attempt < 12; attempt++) {
      const candidate = at(r.int(min, max), r.int(0, 359));
      if (nearest(candidate, livePostcodes).postcode === p.postcode) return candidate;
    }
  }
  return at(3, r.int(0, 359));
}
