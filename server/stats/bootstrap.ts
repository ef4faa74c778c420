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
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const k = clusters[0]?.numerators.length ?? 0;
  if (clusters.length === 0) return [];
  const random = seededRandom(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const m = clusters.length;
  // Flat arrays: the inner loop runs resamples × clusters × ratios times.
  const num = new Float64Array(m * k);
  const den = new Float64Array(m * k);
  clusters.forEach((c, i) => {
    for (let j = 0; j < k; j++) {
      num[i * k + j] = c.numerators[j];
      den[i * k + j] = c.denominators[j];
    }
  });
  const replicates: number[][] = Array.from({ length: k }, () => []);
  const sumNum = new Float64Array(k);
  const sumDen = new Float64Array(k);
  for (let b = 0; b < resamples; b++) {
    sumNum.fill(0);
    sumDen.fill(0);
    for (let draw = 0; draw < m; draw++) {
      const base = random.int(0, m - 1) * k;
      for (let j = 0; j < k; j++) {
        sumNum[j] += num[base + j];
        sumDen[j] += den[base + j];
      }
    }
    // A resample with an empty denominator has no ratio; it is left out for that ratio.
    for (let j = 0; j < k; j++) if (sumDen[j] > 0) replicates[j].push(sumNum[j] / sumDen[j]);
  }
  const alpha = (1 - level) / 2;
  return replicates.map((r) => {
    if (r.length === 0) return { lower: null, upper: null };
    const sorted = Float64Array.from(r).sort();
    return { lower: quantileType7(sorted, alpha), upper: quantileType7(sorted, 1 - alpha) };
  });
}
