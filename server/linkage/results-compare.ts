import { jointClusterReplicates, percentileWithError, type JointCluster } from '../stats/bootstrap-designs';
import { holm, moverDifference, waldDifferenceP } from '../stats/comparison';
import { designRatio, type SurveyStratum } from '../stats/survey';
import { pairIndicators, RATE_ORDER, unitsFor, type DesignPair } from './results-design';
import { changeSentence } from './sentences';
import type { ComparisonRow, RateKey } from './types';

/**
 * The design-based part of a before/after comparison (pure; docs/linkage-method.md §5.4):
 * each campaign's rate with A as the cluster — weighted by N_h/n_h when both designs are
 * stratified — the MOVER interval of after − before from their limits and the Wald p; a
 * joint cluster bootstrap over the union of contacted services (those in both campaigns
 * carry their pairs in both); Holm's adjustment over the secondary rates; a sentence.
 */
export type CompareSide = { pairs: DesignPair[]; stratified: boolean; strata: SurveyStratum[] };
export type DesignComparison = Pick<ComparisonRow, 'design' | 'jointBootstrap' | 'secondary' | 'clearEvidence' | 'sentence'>;

/** Pair weights N_h / n_h (closed pairs of the stratum), or 1 when unweighted. */
function pairWeights(side: CompareSide, weighted: boolean): Map<string, number> {
  const closed = new Map<string, number>();
  for (const p of side.pairs) if ((p.status === 'reached' || p.status === 'unreachable')) closed.set(p.stratum, (closed.get(p.stratum) ?? 0) + 1);
  const out = new Map<string, number>();
  for (const h of side.strata) out.set(h.key, weighted && closed.get(h.key) ? h.possible / closed.get(h.key)! : 1);
  return out;
}

function jointClusters(before: CompareSide, after: CompareSide, weighted: boolean): { clusters: JointCluster[]; shared: number } {
  const zero = () => ({ numerators: new Array(7).fill(0), denominators: new Array(7).fill(0) });
  const byA = new Map<string, JointCluster>();
  const seen = { before: new Set<string>(), after: new Set<string>() };
  for (const [which, side] of [['before', before], ['after', after]] as const) {
    const w = pairWeights(side, weighted);
    for (const p of side.pairs) {
      const ind = pairIndicators(p);
      if (!ind) continue;
      seen[which].add(p.aId);
      const c = byA.get(p.aId) ?? byA.set(p.aId, { before: zero(), after: zero() }).get(p.aId)!;
      const weight = w.get(p.stratum) ?? 1;
      ind.forEach(([y, r], k) => { c[which].numerators[k] += weight * y; c[which].denominators[k] += weight * r; });
    }
  }
  let shared = 0;
  for (const a of seen.after) if (seen.before.has(a)) shared++;
  return { clusters: [...byA.values()], shared };
}

export function compareDesigns(before: CompareSide, after: CompareSide, options: { primary: RateKey; resamples: number; seed: number }): { sharedServices: number; rows: DesignComparison[] } {
  const weighted = before.stratified && after.stratified;
  const basis = weighted ? 'weighted, clustered by contacted service' as const : 'unweighted, clustered by contacted service' as const;
  const { clusters, shared } = jointClusters(before, after, weighted);
  const boot = clusters.length ? jointClusterReplicates(clusters, { resamples: options.resamples, seed: options.seed }).map((r) => percentileWithError(r)) : RATE_ORDER.map(() => percentileWithError([]));
  const parts = RATE_ORDER.map((_, k) => {
    const b = designRatio(unitsFor(before.pairs.filter((p) => pairIndicators(p) !== null), k), weighted ? before.strata : null);
    const a = designRatio(unitsFor(after.pairs.filter((p) => pairIndicators(p) !== null), k), weighted ? after.strata : null);
    const usable = (x: typeof a) => x.estimate !== null && x.lower !== null && x.upper !== null;
    const difference = usable(a) && usable(b)
      ? moverDifference({ estimate: a.estimate!, lower: a.lower!, upper: a.upper! }, { estimate: b.estimate!, lower: b.lower!, upper: b.upper! })
      : { estimate: a.estimate !== null && b.estimate !== null ? a.estimate - b.estimate : null, lower: null, upper: null };
    const pValue = difference.estimate !== null && a.se !== null && b.se !== null ? waldDifferenceP(difference.estimate, a.se ** 2, b.se ** 2) : null;
    return { before: b.estimate, after: a.estimate, difference, pValue };
  });
  const secondary = RATE_ORDER.map((key) => key !== options.primary);
  const adjusted = holmSecondary(parts.map((p) => p.pValue), secondary);
  return {
    sharedServices: shared,
    rows: parts.map((p, k) => {
      const words = changeSentence(RATE_ORDER[k], { before: p.before, after: p.after, lower: p.difference.lower, upper: p.difference.upper, adjustedP: adjusted[k], secondary: secondary[k] });
      return {
        design: { basis, before: p.before, after: p.after, difference: p.difference, pValue: p.pValue, pValueHolm: adjusted[k] },
        jointBootstrap: boot[k],
        secondary: secondary[k],
        ...words,
      };
    }),
  };
}

/** Holm over the secondary p-values only; the primary keeps its own (it is the confirmatory test). */
export function holmSecondary(ps: (number | null)[], secondary: boolean[]): (number | null)[] {
  const adjusted = holm(ps.map((p, k) => (secondary[k] ? p : null)));
  return ps.map((p, k) => (secondary[k] ? adjusted[k] : p));
}
