import { seededRandom } from './random';

/**
 * Cluster (non-parametric, percentile) bootstrap for ratios of sums (Davison & Hinkley
 * 1997, §3.8): resample whole clusters — here, contacted services — with replacement,
 * recompute each ratio Σ numerator / Σ denominator over the resampled clusters, and take
 * the 2.5% and 97.5% quantiles (R's default type 7) of the replicates. Because a service
 * answers for several pairs, its answers are not independent; resampling services keeps
 * that dependence, so the interval widens when answers cluster. Pure and seeded.
 */
export type Cluster = { numerators: number[]; denominators: number[] };
export type BootstrapInterval = { lower: number | null; upper: number | null };

export const DEFAULT_BOOTSTRAP_SEED = 20261124;
export const DEFAULT_RESAMPLES = 2000;

/** R's quantile(type = 7) of an ascending array. */
export function quantileType7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** One interval per ratio (the clusters' vectors are parallel: ratio k is Σ num[k] / Σ den[k]). */
export function clusterBootstrap(clusters: Cluster[], options: { resamples?: number; seed?: number; level?: number } = {}): BootstrapInterval[] {
  const alpha = (1 - (options.level ?? 0.95)) / 2;
  return clusterBootstrapReplicates(clusters, options).map((r) => {
    if (r.length === 0) return { lower: null, upper: null };
    const sorted = Float64Array.from(r).sort();
    return { lower: quantileType7(sorted, alpha), upper: quantileType7(sorted, 1 - alpha) };
  });
}

/** The replicates of each ratio (for the interval and its Monte Carlo error, bootstrap-designs.ts). */
export function clusterBootstrapReplicates(clusters: Cluster[], options: { resamples?: number; seed?: number } = {}): number[][] {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const k = clusters[0]?.numerators.length ?? 0;
  if (clusters.length === 0) return [];
  const random = seededRandom(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const m = clusters.length;
  // Ratios often share sums (several rates over the same denominator): sum each distinct
  // column once. Columns 0…k−1 are numerators, k…2k−1 denominators.
  const column = (c: Cluster, j: number) => (j < k ? c.numerators[j] : c.denominators[j - k]);
  const distinct: number[] = [];
  const alias = new Int32Array(2 * k);
  for (let j = 0; j < 2 * k; j++) {
    const same = distinct.findIndex((d) => clusters.every((c) => column(c, d) === column(c, j)));
    alias[j] = same >= 0 ? same : distinct.push(j) - 1;
  }
  const width = distinct.length;
  // Clusters with the same sums are interchangeable: each draw only counts which kind it
  // hit (same random stream, same replicates), and the sums are formed once per resample.
  const kinds = new Map<string, number>();
  const kindOf = new Int32Array(m);
  const kindValues: number[][] = [];
  clusters.forEach((c, i) => {
    const v = distinct.map((j) => column(c, j));
    const key = v.join(',');
    let kind = kinds.get(key);
    if (kind === undefined) { kind = kindValues.push(v) - 1; kinds.set(key, kind); }
    kindOf[i] = kind;
  });
  const hits = new Int32Array(kindValues.length);
  const picks = new Int32Array(m);
  const replicates: number[][] = Array.from({ length: k }, () => []);
  const sums = new Float64Array(width);
  for (let b = 0; b < resamples; b++) {
    hits.fill(0);
    random.fillBelow(m, picks);
    for (let draw = 0; draw < m; draw++) hits[kindOf[picks[draw]]]++;
    sums.fill(0);
    for (let t = 0; t < kindValues.length; t++) {
      if (hits[t] === 0) continue;
      const v = kindValues[t];
      for (let d = 0; d < width; d++) sums[d] += hits[t] * v[d];
    }
    // A resample with an empty denominator has no ratio; it is left out for that ratio.
    for (let j = 0; j < k; j++) {
      const den = sums[alias[k + j]];
      if (den > 0) replicates[j].push(sums[alias[j]] / den);
    }
  }
  return replicates;
}
