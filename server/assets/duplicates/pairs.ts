import {
  CANDIDATE_TRIGRAM, MAX_REACH_METRES, MIN_NAME_SCORE, OTHER_SERVICE_FACTOR, judgeWithNameScore, nameTokens, normaliseEmail, normalisePhone, normaliseWebsite, type DuplicateCandidate, type DuplicateProbe,
} from './score';
import { EQUAL_WEIGHTS, boundName, diceUpperBound, rawWords, stemOf, tokensOfWord, weightRange, type TermWeights } from './names';
import { CANDIDATE_LIMIT } from './batch';
import { asciiTrigramIds, trigramIds, trigramUpperBound } from './trigrams';

export { asciiTrigramIds, asciiTrigrams, isAsciiName, trigramIds, trigramUpperBound } from './trigrams';

/**
 * Which pairs of a batch's records are worth scoring in the database, found without it.
 * Pure (no I/O). A file of 100,000 rows spread over England has some 750,000 pairs within
 * the rule's largest reach (2.4 km), and scoring each with pg_trgm took most of an
 * import's time; nearly all are too far apart for names as unlike as theirs.
 *
 * A pair is kept when the database could return it as a candidate (a pg_trgm score of
 * 0.15 or more at its upper bound, or a shared contact) and the registry's rule
 * (score.ts judgeDuplicate) calls it likely at the distance's lower bound and
 * the names' weighted score at its upper bound (the words' weights move as the batch's
 * rows join the counts: names.ts diceUpperBound). The rule can only say "likely"
 * more often as the name score rises or the distance falls, so no pair it would accept is
 * dropped.
 *
 * Pure, and its inputs and outputs are plain data (arrays, numbers, strings; typed arrays,
 * Maps and Sets in PreparedPairs), so it can run in a worker thread: pairsWorthScoring(records,
 * { registryCounts, registryWeights, registryCandidates }) → { earlier, later }[], or in steps
 * (preparePairs, setTrigrams, nearPairs, scanPairs) as batch-check.ts runs it.
 *
 * - Trigram (pg_trgm on folded names, (similarity + best word_similarity) / 2): from the
 *   names' trigram sets as show_trgm gives them, A and B with c in common, similarity is
 *   c / (|A| + |B| − c) and each word_similarity is at most c / |A| (resp. c / |B|), a
 *   word_similarity being the similarity of A with part of B. Checked against pg_trgm
 *   over every pair of a dense file in test/interop/bulk-pairs.test.ts.
 * - Distance: the haversine on a sphere of the mean Earth radius is within 0.6 % of the
 *   WGS84 geodesic PostGIS measures; 0.98 × it is a lower bound.
 *
 * The candidate limit (the 50 best names are judged) is the one thing a dropped unlikely
 * pair could still change, by not crowding a likely one out; so a record with more than
 * 50 possible candidates (registry ones plus earlier records within 2.4 km by the
 * lower-bound distance) keeps every pair it is in.
 */
export type PairRecord = DuplicateProbe & {
  lat: number;
  lng: number;
  /** show_trgm of the folded name; may be left out for a plain ASCII name (asciiTrigrams gives it). */
  trigrams?: string[];
  /** The name's raw words as the database folds them (rawWords when missing: right for plain ASCII names). */
  words?: string[];
};
export type PairOptions = {
  /** How many registry candidates each record already has (by position; none when missing). */
  registryCounts?: ArrayLike<number>;
  /**
   * The registry's word counts the rule weighs names by (repo registryWordCounts);
   * the batch's earlier accepted rows join them as it is judged (batch.ts), so
   * each pair is bounded over every set of earlier rows that may have been accepted.
   * Without them: an empty registry.
   */
  registryWeights?: TermWeights;
  /**
   * The registry candidates of each record (by position), as findBatchRegistryCandidates
   * returns them: a record none of whose candidates (registry or batch) could be judged
   * likely needs no pair at all. Without them, any registry candidate counts as possibly likely.
   */
  registryCandidates?: (DuplicateCandidate & { name: string; distanceMetres: number })[][];
};
/** `earlier` < `later` by position. */
export type PairIndex = { earlier: number; later: number };

const EARTH_RADIUS_METRES = 6_371_008.8;
const DISTANCE_LOWER_BOUND = 0.98;
const RAD = Math.PI / 180;

type LatLng = { lat: number; lng: number };
export function haversineMetres(a: LatLng, b: LatLng): number {
  const h = Math.sin(((b.lat - a.lat) * RAD) / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(((b.lng - a.lng) * RAD) / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Same normalised phone, email or website, or same organisation: judgeDuplicate's raises. */
type Contacts = { phone: string | null; email: string | null; website: string | null; organisationId: string | null };
/**
 * Each record's contacts as four numbers, equal exactly when the normalised strings are
 * (−1 for none), so the pair scan compares numbers: comparing strings with long common
 * prefixes ("example.org/g/…") was a quarter of its time.
 */
function contactIds(contacts: Contacts[]): Int32Array {
  const ids = new Map<string, number>();
  const idOf = (v: string | null) => {
    if (v === null) return -1;
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    return id;
  };
  const out = new Int32Array(contacts.length * 4);
  contacts.forEach((c, i) => {
    out[4 * i] = idOf(c.phone);
    out[4 * i + 1] = idOf(c.email);
    out[4 * i + 2] = idOf(c.website);
    out[4 * i + 3] = idOf(c.organisationId);
  });
  return out;
}
/** (a.phone !== null && a.phone === b.phone) || … for email, website and organisation, by contactIds. */
function sharesContact(ids: Int32Array, a: number, b: number): boolean {
  for (let k = 0; k < 4; k++) {
    const v = ids[4 * a + k];
    if (v !== -1 && v === ids[4 * b + k]) return true;
  }
  return false;
}

/** Cells keyed by one number: rows (latitude) × 2^16 + columns (longitude, under 2^15 cells either side). */
const cellKey = (row: number, col: number) => row * 65_536 + col;

export function pairsWorthScoring(records: PairRecord[], opts: PairOptions = {}): PairIndex[] {
  return scanPairs(preparePairs(records), opts);
}

/** What pairsWorthScoring works out per record before it looks at any pair (no registry needed). */
export type PreparedPairs = ReturnType<typeof preparePairs>;

/**
 * pairsWorthScoring's first half: each record's trigram ids, name tokens, normalised
 * contacts and grid cell. It needs nothing from the database, so an importer can run it
 * while the registry query is in flight, and pass it to scanPairs with the counts.
 */
export function preparePairs(records: PairRecord[]) {
  // Worked out here when left out: a worker is sent less to copy (20,000 names' trigrams
  // were most of what crossed to it).
  const trigramOthers = new Map<string, number>();
  const trigrams = records.map((r) => (r.trigrams ? trigramIds([r.trigrams], trigramOthers)[0] : asciiTrigramIds(r.name) ?? new Int32Array(0)));
  const tokens = records.map((r) => nameTokens(r.name));
  const contacts = contactIds(records.map((r) => ({
    phone: normalisePhone(r.phone), email: normaliseEmail(r.email), website: normaliseWebsite(r.website), organisationId: r.organisationId ?? null,
  })));

  // A grid of cells wider than the largest reach (by the lower-bound distance, with 5 %
  // to spare), so every pair within reach lies in the same or neighbouring cells. (Cells
  // are cut by longitude: places either side of the 180th meridian are never paired.)
  const cellMetres = (1.05 * MAX_REACH_METRES) / DISTANCE_LOWER_BOUND;
  const cellLat = cellMetres / (EARTH_RADIUS_METRES * RAD);
  const latReach = MAX_REACH_METRES / DISTANCE_LOWER_BOUND / (EARTH_RADIUS_METRES * RAD);
  // The haversine's h for the largest reach (by the lower bound), so most pairs are turned
  // away before the arcsine; the cosines once a record.
  const hReach = Math.sin(MAX_REACH_METRES / DISTANCE_LOWER_BOUND / EARTH_RADIUS_METRES / 2) ** 2;
  const lat = Float64Array.from(records, (r) => r.lat);
  const lng = Float64Array.from(records, (r) => r.lng);
  const cosLat = lat.map((v) => Math.cos(v * RAD));
  const maxLat = Math.min(89, records.reduce((m, r) => Math.max(m, Math.abs(r.lat)), 0));
  const cellLng = Math.min(360, cellLat / Math.cos(maxLat * RAD));
  const rows = Int32Array.from(records, (r) => Math.floor(r.lat / cellLat));
  const cols = Int32Array.from(records, (r) => Math.floor(r.lng / cellLng));
  const grid = new Map<number, number[]>();
  records.forEach((_, i) => {
    const key = cellKey(rows[i], cols[i]);
    const members = grid.get(key);
    if (members) members.push(i); else grid.set(key, [i]);
  });

  const stems = tokens.map((t) => t.map(stemOf));
  // The numbers in each name, as score.ts differentNumbers reads them.
  const numbers = tokens.map((t) => [...new Set(t.filter((w) => /^\d+$/.test(w)).map(Number))]);
  return { records, trigrams, trigramOthers, tokens, stems, numbers, contacts, lat, lng, cosLat, rows, cols, grid, latReach, hReach };
}

/**
 * A record's trigrams (show_trgm's) given after preparePairs, as the database gave them
 * for a name not plain ASCII (batch-check.ts prepares before it asks).
 */
export function setTrigrams(prepared: PreparedPairs, i: number, trigrams: string[]): void {
  prepared.records[i].trigrams = trigrams;
  prepared.trigrams[i] = trigramIds([trigrams], prepared.trigramOthers)[0];
}

/**
 * For a word and a record: how many of the batch's earlier rows hold the word and what
 * they add to its count, as batch.ts counts an accepted row (countName).
 */
export function earlierRowsOf(records: PairRecord[]): (token: string, before: number) => { rows: number; counted: number; before: number } {
  const holders = new Map<string, { rows: number[]; counted: number[] }>();
  records.forEach((r, i) => {
    const adds = new Map<string, number>();
    for (const w of new Set(r.words ?? rawWords(r.name))) for (const t of tokensOfWord(w)) adds.set(t, (adds.get(t) ?? 0) + 1);
    for (const [t, n] of adds) {
      let h = holders.get(t);
      if (!h) holders.set(t, (h = { rows: [], counted: [0] }));
      h.rows.push(i);
      h.counted.push(h.counted[h.counted.length - 1] + n);
    }
  });
  return (token, before) => {
    const h = holders.get(token);
    if (!h) return { rows: 0, counted: 0, before };
    let lo = 0, hi = h.rows.length; // how many holders come before `before`
    while (lo < hi) { const mid = (lo + hi) >> 1; if (h.rows[mid] < before) lo = mid + 1; else hi = mid; }
    return { rows: lo, counted: h.counted[lo], before };
  };
}

/** Both hold numbers and share none (score.ts differentNumbers). */
function disjointNumbers(a: number[], b: number[]): boolean {
  if (!a.length || !b.length) return false;
  for (const x of a) if (b.includes(x)) return false;
  return true;
}

/**
 * Each record's candidate pairs with earlier records, found without the registry: within
 * the largest reach by the lower-bound distance, and a candidate at all (a trigram bound
 * at the floor, or a shared contact). Record `later`'s are at positions
 * start[later] ≤ k < start[later + 1], in the order the grid meets them.
 */
export type NearPairs = { start: Int32Array; earlier: Int32Array; metres: Float64Array; shares: Uint8Array };

export function nearPairs(prepared: PreparedPairs): NearPairs {
  const { records, trigrams, contacts, lat, lng, cosLat, rows, cols, grid, latReach, hReach } = prepared;
  const start = new Int32Array(records.length + 1);
  const earlierOf: number[] = [];
  const metresOf: number[] = [];
  const sharesOf: number[] = [];
  for (let later = 0; later < records.length; later++) {
    start[later] = earlierOf.length;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const members = grid.get(cellKey(rows[later] + dy, cols[later] + dx));
        if (!members) continue;
        // Each cell lists its records in file order, so the earlier ones come first.
        for (let m = 0; m < members.length && members[m] < later; m++) {
          const earlier = members[m];
          // On the sphere two places are at least their difference in latitude apart.
          if (Math.abs(lat[earlier] - lat[later]) > latReach) continue;
          const h = Math.sin(((lat[later] - lat[earlier]) * RAD) / 2) ** 2
            + cosLat[earlier] * cosLat[later] * Math.sin(((lng[later] - lng[earlier]) * RAD) / 2) ** 2;
          if (h > hReach) continue;
          const d = DISTANCE_LOWER_BOUND * 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
          if (d > MAX_REACH_METRES) continue;
          // The database returns no pair under the trigram floor that shares no contact: such a
          // pair is no candidate at all, so it can neither match nor crowd one out.
          const shares = sharesContact(contacts, earlier, later);
          if (!shares && trigramUpperBound(trigrams[earlier], trigrams[later]) < CANDIDATE_TRIGRAM) continue;
          earlierOf.push(earlier);
          metresOf.push(d);
          sharesOf.push(shares ? 1 : 0);
        }
      }
    }
  }
  start[records.length] = earlierOf.length;
  return { start, earlier: Int32Array.from(earlierOf), metres: Float64Array.from(metresOf), shares: Uint8Array.from(sharesOf) };
}

/**
 * pairsWorthScoring's second half: the pairs, from preparePairs' work and the registry
 * counts (nearPairs and earlierRowsOf need no registry: a caller may have worked them out
 * while it asked the database).
 */
export function scanPairs(
  prepared: PreparedPairs, opts: PairOptions = {}, near: NearPairs = nearPairs(prepared), earlierRows = earlierRowsOf(prepared.records),
): PairIndex[] {
  const { records, tokens, stems, numbers } = prepared;
  const registryCount = (i: number) => opts.registryCounts?.[i] ?? 0;
  const registry = opts.registryWeights ?? EQUAL_WEIGHTS;
  const kept: PairIndex[] = [];
  const ranges = new Map<string, [number, number]>();
  for (let later = 0; later < records.length; later++) {
    const from = near.start[later];
    const to = near.start[later + 1];
    if (from === to) continue; // no pair to keep
    // The most the names can score when `later` is judged (the words' weights within their
    // ranges as earlier rows join the counts; each word's range worked out once per record), at the least distance.
    ranges.clear();
    const rangeOf = (w: string) => {
      let r = ranges.get(w);
      if (!r) ranges.set(w, (r = weightRange(registry, w, earlierRows(w, later))));
      return r;
    };
    const boundOf = (t: string[], st: string[]) => boundName(t, st, t.map(rangeOf));
    const laterBound = boundOf(tokens[later], stems[later]);
    const mayMatch = (k: number) => {
      const earlier = near.earlier[k];
      // Names with numbers and none in common ("Group 1", "Group 2") are another service:
      // the rule scales the score by 0.4, below the 0.55 it needs, whatever the rest.
      if (OTHER_SERVICE_FACTOR < MIN_NAME_SCORE && disjointNumbers(numbers[earlier], numbers[later])) return false;
      const alike = diceUpperBound(laterBound, boundOf(tokens[earlier], stems[earlier]));
      // With no contact in common the score is at most the names' (the rule's factors are ≤ 1).
      if (alike < MIN_NAME_SCORE && !near.shares[k]) return false;
      return judgeWithNameScore(records[later], tokens[later], { ...records[earlier], distanceMetres: near.metres[k] }, tokens[earlier], alike).likely;
    };
    const registryMayMatch = () => (opts.registryCandidates
      ? (opts.registryCandidates[later] ?? []).some((c) => {
        const t = nameTokens(c.name);
        return judgeWithNameScore(records[later], tokens[later], c, t, diceUpperBound(laterBound, boundOf(t, t.map(stemOf)))).likely;
      })
      : registryCount(later) > 0);
    if (registryCount(later) + (to - from) > CANDIDATE_LIMIT) {
      // Over the candidate limit an unlikely pair may still crowd a likely candidate out of
      // the 50 judged: every candidate pair is kept, unless no candidate of this record
      // could be judged likely (then it is no one's duplicate whichever are fetched).
      let any = registryMayMatch();
      for (let k = from; k < to && !any; k++) any = mayMatch(k);
      if (any) for (let k = from; k < to; k++) kept.push({ earlier: near.earlier[k], later });
      continue;
    }
    // Under it, only the pairs that may match.
    for (let k = from; k < to; k++) if (mayMatch(k)) kept.push({ earlier: near.earlier[k], later });
  }
  return kept;
}
