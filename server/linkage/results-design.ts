import { anovaIcc, designRatio, type SurveyStratum, type SurveyUnit } from '../stats/survey';
import { percentileWithError, twoWayReplicates } from '../stats/bootstrap-designs';
import { rateSentence } from './sentences';
import type { ClusteredRate, HeadlineRate, OpenBound, RateKey } from './types';

/**
 * The design-based figures of a campaign (pure; docs/linkage-method.md §5.2–5.3, §5.6):
 * each rate with A as the cluster, weighted and unweighted; the intra-service correlation;
 * the two-way (A and B) bootstrap; the figure to quote with its sentence; and bounds for
 * pairs still open at close. Every closed pair gives seven (y, r) indicator pairs in
 * RATE_KEYS order; open pairs give none.
 */
export type DesignPair = { aId: string; bId: string; stratum: string; status: 'open' | 'reached' | 'unreachable' | 'declined'; outcome: number | null };

export const RATE_ORDER: RateKey[] = ['reach', 'knew_reached', 'information_reached', 'referral_reached', 'knew_closed', 'information_closed', 'referral_closed'];
/** The primary rate unless the campaign names another: a usable pathway as a person would meet it. */
export const DEFAULT_PRIMARY: RateKey = 'information_closed';

export function pairIndicators(p: Pick<DesignPair, 'status' | 'outcome'>): [number, number][] | null {
  // Open and declined pairs are in no denominator.
  if (p.status !== 'reached' && p.status !== 'unreachable') return null;
  const reached = p.status === 'reached' && p.outcome !== null ? 1 : 0;
  const at = (min: number) => (reached && p.outcome! >= min ? 1 : 0);
  return [[reached, 1], [at(1), reached], [at(2), reached], [at(3), reached], [at(1), 1], [at(2), 1], [at(3), 1]];
}

export function unitsFor(pairs: DesignPair[], k: number): SurveyUnit[] {
  const units: SurveyUnit[] = [];
  for (const p of pairs) {
    const ind = pairIndicators(p);
    if (ind) units.push({ stratum: p.stratum, cluster: p.aId, y: ind[k][0], r: ind[k][1] });
  }
  return units;
}

/**
 * The two-way bootstrap touches every pair in every replicate: 2,000 resamples up to 2,000
 * closed pairs, then fewer (never under 200) so that about 4 million pair-visits bound a read;
 * its Monte Carlo error is reported either way.
 */
export const twoWayResamples = (wanted: number, pairs: number) => Math.min(wanted, Math.max(200, Math.floor(4_000_000 / Math.max(1, pairs))));

export type DesignOptions = { stratified: boolean; strata: SurveyStratum[]; resamples: number; seed: number; primary: RateKey };

export function clusteredRates(pairs: DesignPair[], options: DesignOptions): { clustered: ClusteredRate[]; headline: HeadlineRate[] } {
  const closed = pairs.filter((p) => p.status === 'reached' || p.status === 'unreachable');
  const crossed = closed.map((p) => {
    const ind = pairIndicators(p)!;
    return { a: p.aId, b: p.bId, numerators: ind.map(([y]) => y), denominators: ind.map(([, r]) => r) };
  });
  const twoWay = crossed.length ? twoWayReplicates(crossed, { resamples: twoWayResamples(options.resamples, crossed.length), seed: options.seed }).map((r) => percentileWithError(r)) : RATE_ORDER.map(() => percentileWithError([]));
  const clustered: ClusteredRate[] = [];
  const headline: HeadlineRate[] = [];
  RATE_ORDER.forEach((key, k) => {
    const units = unitsFor(closed, k);
    const unweighted = designRatio(units, null);
    const weighted = options.stratified ? designRatio(units, options.strata) : null;
    const byA = new Map<string, { m: number; y: number }>();
    for (const u of units) {
      if (!u.r) continue;
      const c = byA.get(u.cluster) ?? byA.set(u.cluster, { m: 0, y: 0 }).get(u.cluster)!;
      c.m++;
      c.y += u.y;
    }
    clustered.push({ unweighted, weighted, intraServiceCorrelation: anovaIcc([...byA.values()]), twoWay: twoWay[k] });
    const quoted = weighted ?? unweighted;
    headline.push({
      estimate: quoted.estimate,
      lower: quoted.lower,
      upper: quoted.upper,
      basis: weighted ? 'weighted, clustered by contacted service' : 'unweighted, clustered by contacted service',
      secondary: key !== options.primary,
      sentence: rateSentence(key, quoted.estimate, quoted.lower, quoted.upper),
    });
  });
  return { clustered, headline };
}

/**
 * Bounds for pairs still open at close (o of them; c closed, r reached, x successes):
 * each rate recomputed with every open pair unreachable, reached with outcome 0 (worst), or
 * reached with outcome 3 (best). lower/upper are the least and greatest of the three.
 *   reach: x/(c+o) | (x+o)/(c+o) | (x+o)/(c+o);  among reached: x/r | x/(r+o) | (x+o)/(r+o);
 *   among closed: x/(c+o) | x/(c+o) | (x+o)/(c+o).
 */
export function openBounds(pairs: DesignPair[]): OpenBound[] {
  const scenario = (as: Pick<DesignPair, 'status' | 'outcome'>) => {
    const x = new Array(7).fill(0);
    const n = new Array(7).fill(0);
    for (const p of pairs) {
      const ind = pairIndicators(p.status === 'open' ? as : p);
      if (!ind) continue; // declined
      ind.forEach(([y, r], k) => { x[k] += y; n[k] += r; });
    }
    return x.map((v, k) => (n[k] ? v / n[k] : null));
  };
  const unreachable = scenario({ status: 'unreachable', outcome: null });
  const worst = scenario({ status: 'reached', outcome: 0 });
  const best = scenario({ status: 'reached', outcome: 3 });
  return RATE_ORDER.map((_, k) => {
    const values = [unreachable[k], worst[k], best[k]].filter((v): v is number => v !== null);
    return {
      asUnreachable: unreachable[k],
      asReachedWorst: worst[k],
      asReachedBest: best[k],
      lower: values.length ? Math.min(...values) : null,
      upper: values.length ? Math.max(...values) : null,
    };
  });
}
