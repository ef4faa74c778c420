import { destination } from '../../test/geo-reference';
import { haversineMetres, pairsWorthScoring, trigramUpperBound, type PairRecord } from './duplicate-pairs';

/**
 * Hand-worked with duplicate-score.ts: name score s = max(token-set, trigram), reach =
 * 150 m × 16^((s − 0.3) / 0.7). The bounds themselves are checked against pg_trgm and
 * PostGIS in test/interop/bulk-pairs.test.ts.
 */
const BASE = { lat: 53.7105, lng: -1.9102 };
const rec = (name: string, bearing: number, metres: number, extra: Partial<PairRecord> = {}): PairRecord => ({
  name, ...destination(BASE.lat, BASE.lng, bearing, metres), trigrams: trigramsOf(name), ...extra,
});
/** pg_trgm's trigrams of a lower-case one-word-per-space name: "  w", " wo", …, "rd " per word. */
function trigramsOf(name: string): string[] {
  return [...new Set(name.toLowerCase().split(/\s+/).flatMap((w) => {
    const padded = `  ${w} `;
    return Array.from({ length: padded.length - 2 }, (_, i) => padded.slice(i, i + 3));
  }))];
}
const ids = (t: string[]) => Int32Array.from(t.map((x) => x.charCodeAt(0) * 65536 + x.charCodeAt(1) * 256 + x.charCodeAt(2))).sort();

test('the trigram bound: similarity c / (|A| + |B| − c) plus word similarity c / min(|A|, |B|), halved', () => {
  // "oak" → {"  o", " oa", "oak", "ak "} (4); "oak cafe" → those 4 + {"  c", " ca", "caf", "afe", "fe "} (9); c = 4.
  // similarity 4 / 9, word similarity ≤ 4 / 4 → (0.444 + 1) / 2 = 0.722.
  expect(trigramUpperBound(ids(trigramsOf('oak')), ids(trigramsOf('oak cafe')))).toBeCloseTo((4 / 9 + 1) / 2, 5);
  expect(trigramUpperBound(ids(trigramsOf('oak')), ids(trigramsOf('elm')))).toBeCloseTo(0, 5);
  // A name with no trigrams at all gets no bound.
  expect(trigramUpperBound(new Int32Array(), ids(trigramsOf('elm')))).toBe(1);
});

test('the haversine: 1° of latitude is 111.2 km on the mean sphere', () => {
  expect(haversineMetres({ lat: 53, lng: -2 }, { lat: 54, lng: -2 })).toBeCloseTo(6_371_008.8 * Math.PI / 180, 3);
});

test('identical names are kept out to 2.4 km; unlike names only when near', () => {
  // "Ivy House" twice: s = 1, reach 2,400 m; at 2,300 m (lower bound 2,254 m) kept, at 2,500 m (2,450 m) not.
  expect(pairsWorthScoring([rec('Ivy House', 0, 0), rec('Ivy House', 90, 2300)])).toEqual([{ earlier: 0, later: 1 }]);
  expect(pairsWorthScoring([rec('Ivy House', 0, 0), rec('Ivy House', 90, 2500)])).toEqual([]);
  // "Elm Choir" vs "Oak Walk": no word and no trigram in common (bound 0): never kept.
  expect(pairsWorthScoring([rec('Elm Choir', 0, 0), rec('Oak Walk', 90, 10)])).toEqual([]);
  // "Oak Walk" vs "Oak Choir": token-set 2·1/4 = 0.5; trigrams {  o, oa, oak, ak , w.., l..} 8 and 9, 4 common:
  // bound (4/13 + 4/8) / 2 = 0.404, so s ≤ 0.5 → reach 150 × 16^(0.2/0.7) = 332 m (lower bound: 0.98 × distance).
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0), rec('Oak Choir', 90, 330)])).toEqual([{ earlier: 0, later: 1 }]);
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0), rec('Oak Choir', 90, 345)])).toEqual([]);
});

test('a shared phone raises the reach: unlike names 300 m apart are kept', () => {
  // "Elm Choir" vs "Oak Walk" share nothing (s = 0); + 0.15 for the phone → 0.15 < 0.3: still not likely.
  expect(pairsWorthScoring([rec('Elm Choir', 0, 0, { phone: '01422 555111' }), rec('Oak Walk', 90, 100, { phone: '01422555111' })])).toEqual([]);
  // "Oak Walk" vs "Oak Choir" (s ≤ 0.5) + phone 0.15 = 0.65 → reach 150 × 16^(0.35/0.7) = 600 m: 500 m apart is kept.
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0, { phone: '01422 555111' }), rec('Oak Choir', 90, 500, { phone: '+44 1422 555111' })])).toEqual([{ earlier: 0, later: 1 }]);
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0), rec('Oak Choir', 90, 500)])).toEqual([]);
});

test('different days shrink the bound as the rule does', () => {
  // Same name, no day in common: s = 1 × 0.4 → reach 150 × 16^(0.1/0.7) = 222 m.
  const mon = { schedule: [{ day: 1 }] };
  const sat = { schedule: [{ day: 6 }] };
  expect(pairsWorthScoring([rec('AA Halifax', 0, 0, mon), rec('AA Halifax', 90, 200, sat)])).toEqual([{ earlier: 0, later: 1 }]);
  expect(pairsWorthScoring([rec('AA Halifax', 0, 0, mon), rec('AA Halifax', 90, 240, sat)])).toEqual([]);
});

test('a record with more than 50 possible candidates keeps every pair it is in (the candidate limit)', () => {
  // 51 unlike records within 1.2 km of one point (so within 2.4 km of each other), then one more: 51 earlier neighbours > 50, so all 51 pairs are kept for the last.
  const names = Array.from({ length: 52 }, (_, i) => `Place ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}q`);
  const records = names.map((n, i) => rec(n, (i * 7) % 360, 100 + i * 20));
  const kept = pairsWorthScoring(records);
  expect(kept.filter((p) => p.later === 51)).toHaveLength(51);
  // With registry candidates counted too, the 51st record (50 earlier neighbours + 1) is over the limit as well.
  expect(pairsWorthScoring(records, { registryCounts: records.map((_, i) => (i === 50 ? 1 : 0)) }).filter((p) => p.later === 50)).toHaveLength(50);
  expect(pairsWorthScoring(records).filter((p) => p.later === 50).length).toBeLessThan(50);
});
