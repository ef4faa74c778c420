import type { DistanceSource } from './distance-source';

/**
 * Accessibility measures over demand cells and supply points, I/O-free. Every cost comes
 * from a DistanceSource (straight-line metres today), never from coordinates directly,
 * so travel time can replace distance without touching this file.
 */

/** A distance band and the weight people within it give a service (Luo & Qi 2009). */
export type Band = { upTo: number; weight: number };

/** Walking bands 0–800, 800–1600, 1600–2400 m with Gaussian-style weights 1, 0.68, 0.22. */
export const DEFAULT_BANDS: readonly Band[] = [
  { upTo: 800, weight: 1 },
  { upTo: 1600, weight: 0.68 },
  { upTo: 2400, weight: 0.22 },
];

/** The weight for a cost: the first band whose upper edge it does not exceed (edges inclusive); 0 beyond the last. */
export function bandWeight(bands: readonly Band[], cost: number): number {
  for (const b of bands) if (cost <= b.upTo) return b.weight;
  return 0;
}

/** The most bands a request may give: the method uses three (docs/gaps-method.md); ten leaves room to experiment. */
export const MAX_BANDS = 10;
/** Buckets in a band lookup table (a few kilobytes; more buys nothing for ≤ MAX_BANDS edges). */
const LOOKUP_BUCKETS = 1024;

/**
 * `bandWeight` for one band set, answered in constant time: a table over [0, last edge]
 * in equal buckets gives the band at a bucket's start, and at most a step or two either
 * way (the edges inside that bucket, never more than the band count) makes it exact at
 * any cost, edges inclusive. Built once per analysis; the measures call it for every
 * cell × supply pair within the catchment.
 */
export function bandLookup(bands: readonly Band[]): (cost: number) => number {
  const n = bands.length;
  if (n === 0) return () => 0;
  const edges = Float64Array.from(bands, (b) => b.upTo);
  const weights = [...bands.map((b) => b.weight), 0];
  const last = edges[n - 1];
  const width = last / LOOKUP_BUCKETS;
  // first[k]: the first band whose edge is at or beyond bucket k's start.
  const first = new Uint8Array(LOOKUP_BUCKETS + 1);
  for (let k = 0, i = 0; k <= LOOKUP_BUCKETS; k++) {
    while (i < n && edges[i] < k * width) i++;
    first[k] = i;
  }
  return (cost) => {
    if (!(cost <= last)) return 0;
    let i = first[Math.min(LOOKUP_BUCKETS, Math.max(0, Math.floor(cost / width)))];
    // Exact whatever the rounding of cost / width: step to the first edge ≥ cost.
    while (i > 0 && cost <= edges[i - 1]) i--;
    while (i < n && cost > edges[i]) i++;
    return weights[i];
  };
}

export function checkBands(bands: readonly Band[]): void {
  if (bands.length === 0) throw new Error('at least one band is needed');
  if (bands.length > MAX_BANDS) throw new Error(`at most ${MAX_BANDS} bands`);
  bands.forEach((b, i) => {
    if (!(b.upTo > 0) || (i > 0 && b.upTo <= bands[i - 1].upTo)) throw new Error('band edges must be positive and increasing');
    if (!(b.weight >= 0 && b.weight <= 1)) throw new Error('band weights must be between 0 and 1');
  });
}

/** Distance (in the source's unit) to the nearest supply point per demand cell; null when there is none. */
export function nearestCost(source: DistanceSource, demandCount: number): (number | null)[] {
  return Array.from({ length: demandCount }, (_, i) => source.nearestSupply(i)?.cost ?? null);
}

/** Cumulative opportunities: supply points within `limit` of each demand cell. */
export function countWithin(source: DistanceSource, demandCount: number, limit: number): number[] {
  return Array.from({ length: demandCount }, (_, i) => source.suppliesWithin(i, limit).length);
}

export type E2sfcaResult = {
  /** A_i: capacity per person reachable from each demand cell (weighted). */
  score: number[];
  /** R_j: each supply point's capacity-to-weighted-population ratio; 0 when it reaches nobody. */
  ratio: number[];
};

/**
 * Enhanced two-step floating catchment area (Luo & Qi 2009).
 * Step 1, per supply j: R_j = S_j / Σ_{k: d_kj ≤ d0} P_k · W(d_kj).
 * Step 2, per demand i: A_i = Σ_{j: d_ij ≤ d0} R_j · W(d_ij).
 * d0 is the last band's edge. Hence Σ_i P_i·A_i = Σ_j S_j over the supply that reaches anyone.
 */
export function e2sfca(
  source: DistanceSource,
  population: readonly number[],
  capacity: readonly number[],
  bands: readonly Band[] = DEFAULT_BANDS,
): E2sfcaResult {
  const catchment = bands[bands.length - 1].upTo;
  const weightOf = bandLookup(bands);
  const ratio = capacity.map((s, j) => {
    let weighted = 0;
    for (const { index, cost } of source.demandsWithin(j, catchment)) weighted += population[index] * weightOf(cost);
    return weighted > 0 ? s / weighted : 0;
  });
  const score = population.map((_, i) => {
    let a = 0;
    for (const { index, cost } of source.suppliesWithin(i, catchment)) a += ratio[index] * weightOf(cost);
    return a;
  });
  return { score, ratio };
}

/** The population-weighted mean of a per-cell value (0 when nobody lives anywhere). */
export function populationWeightedMean(values: readonly number[], population: readonly number[]): number {
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    num += v * population[i];
    den += population[i];
  });
  return den > 0 ? num / den : 0;
}

/** Each score divided by the population-weighted mean (1 = as good as the partnership's average). */
export function normaliseToMean(score: readonly number[], population: readonly number[]): number[] {
  const mean = populationWeightedMean(score, population);
  return score.map((a) => (mean > 0 ? a / mean : 0));
}

/**
 * A cell is a gap when nothing lies within the threshold, or when its normalised score is
 * below `fraction` of the partnership's mean (e.g. 0.5 = under half the average access).
 */
export function isGap(countWithinThreshold: number, normalisedScore: number, fraction: number): boolean {
  return countWithinThreshold === 0 || normalisedScore < fraction;
}

/**
 * Deprivation weight from the IMD decile: 1.0 for decile 1 (most deprived 10% in England)
 * down to 0.1 for decile 10, so the same number of people counts ten times more in the
 * most deprived areas. Unknown decile: 0.55, the mean over deciles (neither up- nor down-weighted).
 */
export function deprivationWeight(decile: number | null): number {
  if (decile === null) return 0.55;
  return (11 - decile) / 10;
}

/** A gap's size for ranking: people × deprivation weight, 0 outside gaps. */
export function gapScore(gap: boolean, population: number, depWeight: number): number {
  return gap ? population * depWeight : 0;
}
