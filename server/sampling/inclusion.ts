import { MAX_SEED, seededRandom } from '../stats/random';
import { drawWithCapacity } from './draw';
import { planStrata, canonicalFrame, stratumKey, type DrawDesign, type FrameAsset } from './frame';

/**
 * Inclusion probabilities of the drawn design under a contact cap (docs/linkage-method.md
 * §2.5). Without a cap every allowed pair in stratum h has π = n_h/N_h exactly. With a cap
 * the sequential draw favours services with few allowed Bs; the draw is re-run `runs` times
 * with seeds taken from the campaign seed's own stream, and since an A's allowed Bs in a
 * stratum are exchangeable, π(A, B) = E[pairs drawn with A in h] / v_{A,h}. Each service's π
 * is reported as a ratio to n_h/N_h; the design is flagged when a ratio is outside 1 ± 5%
 * by more than twice its Monte Carlo standard error. Pure.
 */
export type InclusionGroup = { stratum: string; allowed: number; services: number; inclusion: number; ratio: number; monteCarloSe: number };
export type InclusionCheck = {
  method: 'exact' | 'simulation';
  runs: number;
  /** Smallest and largest π / (n_h/N_h) over groups of services (same stratum, same number of allowed Bs). */
  minRatio: number;
  maxRatio: number;
  /** Pearson correlation, over groups, of the ratio with the number of allowed Bs (null when constant). */
  correlationWithAllowed: number | null;
  unequal: boolean;
  groups: InclusionGroup[];
};

export const INCLUSION_TOLERANCE = 0.05;
export const DEFAULT_INCLUSION_RUNS = 200;
/** Many groups are checked at once: a ratio is flagged only beyond 1 ± 5% by more than 3 Monte Carlo SEs. */
const MC_Z = 3;

function correlation(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0; let sxx = 0; let syy = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; syy += (ys[i] - my) ** 2; }
  return sxx > 1e-12 && syy > 1e-12 ? sxy / Math.sqrt(sxx * syy) : null;
}

/**
 * Services of one stratum with the same number of allowed Bs are pooled (the cap's effect
 * runs through that number), which keeps the Monte Carlo error of each group's π small:
 * per run, the group's pairs drawn / (services × allowed); its SE is over runs.
 */
export function inclusionCheck(frame: FrameAsset[], design: DrawDesign, seed: number, runs = DEFAULT_INCLUSION_RUNS): InclusionCheck {
  const sorted = canonicalFrame(frame);
  const plans = planStrata(sorted, design);
  type Group = { stratum: string; allowed: number; services: number; expected: number; sum: number; sumSq: number };
  const groups: Group[] = [];
  const groupOf = new Map<string, number>(); // "assetId|stratum" → group
  plans.forEach((plan) => {
    const byAllowed = new Map<number, number>();
    plan.aIndex.forEach((fi, pos) => {
      const allowed = plan.validPerA[pos];
      if (allowed === 0) return;
      let g = byAllowed.get(allowed);
      if (g === undefined) {
        g = groups.push({ stratum: stratumKey(plan), allowed, services: 0, expected: plan.possible ? plan.count / plan.possible : 0, sum: 0, sumSq: 0 }) - 1;
        byAllowed.set(allowed, g);
      }
      groups[g].services++;
      groupOf.set(`${sorted[fi].id}|${stratumKey(plan)}`, g);
    });
  });
  const exact = design.maxContactsPerService === null;
  if (!exact) {
    const stream = seededRandom(seed);
    const perRun = new Float64Array(groups.length);
    for (let r = 0; r < runs; r++) {
      perRun.fill(0);
      for (const p of drawWithCapacity(sorted, design, stream.int(0, MAX_SEED)).pairs) perRun[groupOf.get(`${p.aId}|${p.stratum}`)!]++;
      groups.forEach((g, i) => {
        const pi = perRun[i] / (g.services * g.allowed);
        g.sum += pi;
        g.sumSq += pi * pi;
      });
    }
  }
  const out: InclusionGroup[] = groups.map((g) => {
    if (exact) return { stratum: g.stratum, allowed: g.allowed, services: g.services, inclusion: g.expected, ratio: 1, monteCarloSe: 0 };
    const inclusion = g.sum / runs;
    const sd = Math.sqrt(Math.max(0, (g.sumSq - runs * inclusion * inclusion) / Math.max(1, runs - 1)));
    return { stratum: g.stratum, allowed: g.allowed, services: g.services, inclusion, ratio: g.expected ? inclusion / g.expected : 1, monteCarloSe: g.expected ? sd / Math.sqrt(runs) / g.expected : 0 };
  });
  const ratios = out.map((g) => g.ratio);
  return {
    method: exact ? 'exact' : 'simulation',
    runs: exact ? 0 : runs,
    minRatio: ratios.length ? Math.min(...ratios) : 1,
    maxRatio: ratios.length ? Math.max(...ratios) : 1,
    correlationWithAllowed: exact ? null : correlation(out.map((g) => g.allowed), ratios),
    unequal: out.some((g) => Math.abs(g.ratio - 1) > INCLUSION_TOLERANCE + MC_Z * g.monteCarloSe),
    groups: out,
  };
}
