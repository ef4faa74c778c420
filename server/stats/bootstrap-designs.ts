import { quantileType7, DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES } from './bootstrap';
import { Z95 } from './normal';
import { seededRandom } from './random';

/**
 * Bootstraps the comparison and the two-way clustering need (docs/linkage-method.md §5.3,
 * §5.4), and the Monte Carlo error of a percentile interval. Pure and seeded.
 */
export type IntervalWithError = { lower: number | null; upper: number | null; monteCarloError: number | null; replicates: number };

/**
 * Percentile interval (type-7 quantiles) with its Monte Carlo error: for each end, the
 * distribution-free 95% interval of the q-quantile from B replicates runs between order
 * statistics B q ∓ 1.96 √(B q (1 − q)) (e.g. Hahn & Meeker 1991, §5.2); half its width over
 * 1.96 is the end's Monte Carlo standard error. The larger of the two ends is reported.
 */
export function percentileWithError(replicates: number[], level = 0.95): IntervalWithError {
  const B = replicates.length;
  if (B === 0) return { lower: null, upper: null, monteCarloError: null, replicates: 0 };
  const sorted = Float64Array.from(replicates).sort();
  const alpha = (1 - level) / 2;
  const error = (q: number) => {
    const spread = Z95 * Math.sqrt(B * q * (1 - q));
    const j = Math.max(0, Math.floor(B * q - spread) - 1);
    const k = Math.min(B - 1, Math.ceil(B * q + spread) - 1);
    return (sorted[k] - sorted[j]) / (2 * Z95);
  };
  return { lower: quantileType7(sorted, alpha), upper: quantileType7(sorted, 1 - alpha), monteCarloError: Math.max(error(alpha), error(1 - alpha)), replicates: B };
}

/** One pair (or unit) for the two-way bootstrap: its row (A) and column (B) and k ratio parts. */
export type CrossedUnit = { a: string; b: string; numerators: number[]; denominators: number[] };

/**
 * Two-way ("pigeonhole") bootstrap (Owen 2007; McCullagh 2000): resample the contacted
 * services A and, independently, the services asked about B, each with replacement; a pair
 * enters a replicate N_A × N_B times, where N_A and N_B count how often its ends were drawn.
 * Each ratio is Σ N_A N_B num / Σ N_A N_B den. Replicates with an empty denominator are
 * left out for that ratio. Returns the replicates per ratio.
 */
export function twoWayReplicates(units: CrossedUnit[], options: { resamples?: number; seed?: number } = {}): number[][] {
  const k = units[0]?.numerators.length ?? 0;
  const out: number[][] = Array.from({ length: k }, () => []);
  if (units.length === 0) return out;
  const aIndex = new Map<string, number>();
  const bIndex = new Map<string, number>();
  const n = units.length;
  const ua = Int32Array.from(units, (x) => aIndex.get(x.a) ?? aIndex.set(x.a, aIndex.size).get(x.a)!);
  const ub = Int32Array.from(units, (x) => bIndex.get(x.b) ?? bIndex.set(x.b, bIndex.size).get(x.b)!);
  // Flat, typed columns: the inner loop runs resamples × pairs × k times.
  const nums = new Float64Array(n * k);
  const dens = new Float64Array(n * k);
  units.forEach((x, i) => { for (let j = 0; j < k; j++) { nums[i * k + j] = x.numerators[j]; dens[i * k + j] = x.denominators[j]; } });
  const random = seededRandom(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const countA = new Int32Array(aIndex.size);
  const countB = new Int32Array(bIndex.size);
  const picksA = new Int32Array(aIndex.size);
  const picksB = new Int32Array(bIndex.size);
  const num = new Float64Array(k);
  const den = new Float64Array(k);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  for (let rep = 0; rep < resamples; rep++) {
    countA.fill(0);
    countB.fill(0);
    random.fillBelow(aIndex.size, picksA);
    random.fillBelow(bIndex.size, picksB);
    for (let i = 0; i < picksA.length; i++) countA[picksA[i]]++;
    for (let i = 0; i < picksB.length; i++) countB[picksB[i]]++;
    num.fill(0);
    den.fill(0);
    for (let i = 0; i < n; i++) {
      const times = countA[ua[i]] * countB[ub[i]];
      if (times === 0) continue;
      const base = i * k;
      for (let j = 0; j < k; j++) { num[j] += times * nums[base + j]; den[j] += times * dens[base + j]; }
    }
    for (let j = 0; j < k; j++) if (den[j] > 0) out[j].push(num[j] / den[j]);
  }
  return out;
}

export function twoWayBootstrap(units: CrossedUnit[], options: { resamples?: number; seed?: number } = {}): IntervalWithError[] {
  return twoWayReplicates(units, options).map((r) => percentileWithError(r));
}

/**
 * A service's pairs in two campaigns: (weighted) numerator and denominator sums per ratio
 * in each. A service contacted in only one campaign has zeros in the other.
 */
export type JointCluster = { before: { numerators: number[]; denominators: number[] }; after: { numerators: number[]; denominators: number[] } };

/**
 * Joint cluster bootstrap of after − before (Davison & Hinkley 1997 §3.8, applied to both
 * samples at once): resample services from the union of both campaigns' contacted services,
 * each carrying its pairs in both, so a service answering alike in both campaigns moves
 * both rates together and the difference's interval accounts for it. Replicates where
 * either denominator is empty are left out for that ratio.
 */
export function jointClusterReplicates(clusters: JointCluster[], options: { resamples?: number; seed?: number } = {}): number[][] {
  const k = clusters[0]?.before.numerators.length ?? 0;
  const out: number[][] = Array.from({ length: k }, () => []);
  const m = clusters.length;
  if (m === 0) return out;
  const random = seededRandom(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const picks = new Int32Array(m);
  const sums = new Float64Array(4 * k);
  for (let rep = 0; rep < (options.resamples ?? DEFAULT_RESAMPLES); rep++) {
    random.fillBelow(m, picks);
    sums.fill(0);
    for (const p of picks) {
      const c = clusters[p];
      for (let j = 0; j < k; j++) {
        sums[j] += c.before.numerators[j];
        sums[k + j] += c.before.denominators[j];
        sums[2 * k + j] += c.after.numerators[j];
        sums[3 * k + j] += c.after.denominators[j];
      }
    }
    for (let j = 0; j < k; j++) {
      if (sums[k + j] > 0 && sums[3 * k + j] > 0) out[j].push(sums[2 * k + j] / sums[3 * k + j] - sums[j] / sums[k + j]);
    }
  }
  return out;
}

export function jointClusterBootstrap(clusters: JointCluster[], options: { resamples?: number; seed?: number } = {}): IntervalWithError[] {
  return jointClusterReplicates(clusters, options).map((r) => percentileWithError(r));
}
