import { destination } from '../../../test/geo-reference';
import { haversineMetres, pairsWorthScoring, preparePairs, scanPairs, trigramUpperBound, type PairRecord } from './pairs';

/**
 * Hand-worked with score.ts: name score s = weighted Dice of the words (equal
 * weights unless given), reach = 150 m × 16^((s − 0.55) / 0.45). The bounds themselves are checked against pg_trgm and
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

test('identical names are kept out to 2.4 km; alike names to their reach; unlike names never', () => {
  // "Ivy House" twice: s = 1, reach 2,400 m; at 2,300 m (lower bound 2,254 m) kept, at 2,500 m (2,450 m) not.
  expect(pairsWorthScoring([rec('Ivy House', 0, 0), rec('Ivy House', 90, 2300)])).toEqual([{ earlier: 0, later: 1 }]);
  expect(pairsWorthScoring([rec('Ivy House', 0, 0), rec('Ivy House', 90, 2500)])).toEqual([]);
  // "Elm Choir" vs "Oak Walk": no word and no trigram in common: never kept.
  expect(pairsWorthScoring([rec('Elm Choir', 0, 0), rec('Oak Walk', 90, 10)])).toEqual([]);
  // "Oak Walk" vs "Oak Walk Group": Dice 2·2/5 = 0.8 → reach 150 × 16^(0.25/0.45) = 700 m (lower bound: 0.98 × distance).
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0), rec('Oak Walk Group', 90, 710)])).toEqual([{ earlier: 0, later: 1 }]);
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0), rec('Oak Walk Group', 90, 730)])).toEqual([]);
  // "Oak Walk" vs "Oak Choir": 2·1/4 = 0.5 < 0.55, however near.
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0), rec('Oak Choir', 90, 10)])).toEqual([]);
});

test('a shared phone raises the reach of alike names, and does not make unlike names alike', () => {
  expect(pairsWorthScoring([rec('Elm Choir', 0, 0, { phone: '01422 555111' }), rec('Oak Walk', 90, 100, { phone: '01422555111' })])).toEqual([]);
  // "Oak Walk" vs "Oak Choir" 0.5 + phone 0.15 = 0.65 → reach 150 × 16^(0.1/0.45) = 278 m. The bound
  // also allows for "Oak Walk" having joined the counts (oak and walk then ln(21/2), choir ln 21)
  // word by word: oak at its most (ln 20), walk at its least (ln 10.5), choir ln 20:
  // 2 × 2.996 / (2 × 2.996 + 2.351 + 2.996) = 0.528, + 0.15 → reach 150 × 16^(0.128/0.45) = 330 m.
  const phone = (p: string) => ({ phone: p });
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0, phone('01422 555111')), rec('Oak Choir', 90, 250, phone('+44 1422 555111'))])).toEqual([{ earlier: 0, later: 1 }]);
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0, phone('01422 555111')), rec('Oak Choir', 90, 335, phone('+44 1422 555111'))])).toEqual([{ earlier: 0, later: 1 }]);
  expect(pairsWorthScoring([rec('Oak Walk', 0, 0, phone('01422 555111')), rec('Oak Choir', 90, 345, phone('+44 1422 555111'))])).toEqual([]);
});

test('different days: another meeting, however near', () => {
  // Same name, no day in common: s = 1 × 0.4 < 0.55.
  const mon = { schedule: [{ day: 1 }] };
  const sat = { schedule: [{ day: 6 }] };
  expect(pairsWorthScoring([rec('AA Halifax', 0, 0, mon), rec('AA Halifax', 90, 10, sat)])).toEqual([]);
  expect(pairsWorthScoring([rec('AA Halifax', 0, 0, mon), rec('AA Halifax', 90, 10, mon)])).toEqual([{ earlier: 0, later: 1 }]);
});

test('different numbers: another group, however near and however alike the rest (0.4 × score < 0.55)', () => {
  expect(pairsWorthScoring([rec('Oak Walk Group 1', 0, 0), rec('Oak Walk Group 2', 90, 10, { phone: '01422 555111' })])).toEqual([]);
  expect(pairsWorthScoring([rec('Oak Walk Group 1', 0, 0), rec('Oak Walk Group 1', 90, 10)])).toEqual([{ earlier: 0, later: 1 }]);
  // One name without a number: no evidence either way.
  expect(pairsWorthScoring([rec('Oak Walk Group', 0, 0), rec('Oak Walk Group 2', 90, 10)])).toEqual([{ earlier: 0, later: 1 }]);
});

test('the registry\'s word counts: words in half its names say little', () => {
  // Equal weights: {recovery, walk, halifax} vs {recovery, choir, halifax}: 2·2/6 = 0.67 → reach 150 × 16^(0.117/0.45) = 308 m.
  const pair = [rec('Recovery Walk Halifax', 0, 0), rec('Recovery Choir Halifax', 90, 200)];
  expect(pairsWorthScoring(pair)).toEqual([{ earlier: 0, later: 1 }]);
  // recovery and halifax in 50 of 100 names: ln(120/51) = 0.856; walk, choir in none: ln 120 = 4.787.
  // 2·(2 × 0.856) / (2·(2 × 0.856) + 2 × 4.787) = 0.26: not kept.
  const registry = { names: 100, counts: { recovery: 50, halifax: 50 } };
  expect(pairsWorthScoring(pair, { registryWeights: registry })).toEqual([]);
});

test('a record with more than 50 possible candidates keeps every pair it is in (the candidate limit), when one of them may match', () => {
  // 51 unlike records within 1.2 km of one point (so within 2.4 km of each other), then a twin of the first: 51 earlier
  // neighbours > 50, and one of them may match, so all 51 pairs are kept for the last (an unlikely one might crowd the twin out).
  const names = Array.from({ length: 52 }, (_, i) => `Place ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}q`);
  names[51] = names[0];
  const records = names.map((n, i) => rec(n, (i * 7) % 360, 100 + i * 20));
  const kept = pairsWorthScoring(records);
  expect(kept.filter((p) => p.later === 51)).toHaveLength(51);
  // Registry candidates counted but not given: any may match, so the 51st record (50 earlier neighbours + 1) keeps all 50.
  expect(pairsWorthScoring(records, { registryCounts: records.map((_, i) => (i === 50 ? 1 : 0)) }).filter((p) => p.later === 50)).toHaveLength(50);
  // Without: "Place xyq" against "Place abq" is at most 2·1/4 = 0.5 (plus what the weights' ranges allow), never likely: no pair.
  expect(pairsWorthScoring(records).filter((p) => p.later === 50)).toEqual([]);
});

test('over the candidate limit, a record none of whose candidates may match keeps no pair; a registry candidate that may match keeps them all', () => {
  const names = Array.from({ length: 52 }, (_, i) => `Place ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}q`);
  const records = names.map((n, i) => rec(n, (i * 7) % 360, 100 + i * 20));
  const counts = records.map((_, i) => (i === 51 ? 1 : 0));
  const registryCandidate = (name: string, distanceMetres: number) => records.map((_, i) => (i === 51 ? [{ name, distanceMetres }] : []));
  // 51 unlike neighbours and no registry candidate: none can be judged likely, so none is fetched.
  expect(pairsWorthScoring(records).filter((p) => p.later === 51)).toEqual([]);
  // A registry candidate with the same name 300 m away may match: all 51 batch pairs are kept (they might crowd it out).
  expect(pairsWorthScoring(records, { registryCounts: counts, registryCandidates: registryCandidate(names[51], 300) }).filter((p) => p.later === 51)).toHaveLength(51);
  // One with an unlike name ("Oak Walk") cannot match: still none.
  expect(pairsWorthScoring(records, { registryCounts: counts, registryCandidates: registryCandidate('Oak Walk', 300) }).filter((p) => p.later === 51)).toEqual([]);
});

test('inputs and outputs are plain data: a structured clone (as a worker thread gets) gives the same pairs', () => {
  const records = [rec('Oak Walk', 0, 0, { phone: '01422 555111', schedule: [{ day: 2 }] }), rec('Oak Walk Group', 90, 300), rec('Oak Choir', 180, 200), rec('Ōak Walk', 270, 100)];
  const opts = { registryCounts: [0, 3, 0, 1], registryWeights: { names: 12, counts: { oak: 6, walk: 2 } } };
  const direct = pairsWorthScoring(records, opts);
  expect(direct.length).toBeGreaterThan(0);
  expect(structuredClone(pairsWorthScoring(structuredClone(records), structuredClone(opts)))).toEqual(direct);
  // The two halves too: what preparePairs works out survives the clone.
  expect(scanPairs(structuredClone(preparePairs(records)), structuredClone(opts))).toEqual(direct);
});
