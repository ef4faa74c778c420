import { linkNetwork } from '../network';
import { clusterBootstrapReplicates, DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES } from '../stats/bootstrap';
import { percentileWithError } from '../stats/bootstrap-designs';
import { newcombeDifference, twoProportionTest, wilson, type Rate } from '../stats/proportion';
import { stratifiedRatio, type StratumCounts } from '../stats/stratified';
import { wilsonAt } from '../stats/survey';
import { METHOD } from './method-version';
import { clusteredRates, DEFAULT_PRIMARY, openBounds } from './results-design';
import type { AssetResult, CampaignResults, ComparisonRow, InclusionSummary, Interval, MatrixCell, RateKey, RateSet, StratumResult, WeightedRate } from './types';

/**
 * A campaign's results from its pairs: pure, so every figure is unit-tested against hand
 * counts (results.test.ts). Definitions (docs/linkage-method.md, "Estimands"):
 *   closed = reached + unreachable (open pairs are in no denominator);
 *   reach = reached / closed;
 *   knew = outcome ≥ 1, information = outcome ≥ 2, referral = outcome = 3,
 *   each among reached pairs and among all closed pairs (unreachable = a broken pathway).
 */
export type ResultPair = {
  aId: string;
  bId: string;
  aName: string;
  bName: string;
  aCategory: string;
  bCategory: string;
  stratum: string;
  /** 'declined' (a service that would not take part, link2's v2 status) is missing: in no denominator, like 'open'. */
  status: 'open' | 'reached' | 'unreachable' | 'declined';
  outcome: number | null;
};
export type StratumInfo = { key: string; from: string | null; to: string | null; possible: number; requested: number };

/** The seven ratios, in RateKey order, as (numerator, denominator) indicators of one pair. */
export const RATE_KEYS: RateKey[] = ['reach', 'knew_reached', 'information_reached', 'referral_reached', 'knew_closed', 'information_closed', 'referral_closed'];

type Tally = { closed: number; reached: number; knew: number; information: number; referral: number };
const emptyTally = (): Tally => ({ closed: 0, reached: 0, knew: 0, information: 0, referral: 0 });

function add(t: Tally, p: ResultPair): void {
  if (p.status !== 'reached' && p.status !== 'unreachable') return;
  t.closed++;
  if (p.status !== 'reached' || p.outcome === null) return;
  t.reached++;
  if (p.outcome >= 1) t.knew++;
  if (p.outcome >= 2) t.information++;
  if (p.outcome >= 3) t.referral++;
}
const tallyOf = (pairs: ResultPair[]) => pairs.reduce((t, p) => (add(t, p), t), emptyTally());

/** (x, n) per rate key. */
function counts(t: Tally): [number, number][] {
  return [
    [t.reached, t.closed],
    [t.knew, t.reached],
    [t.information, t.reached],
    [t.referral, t.reached],
    [t.knew, t.closed],
    [t.information, t.closed],
    [t.referral, t.closed],
  ];
}

function rateSet<T>(values: T[]): RateSet<T> {
  return {
    reach: values[0],
    amongReached: { knew: values[1], information: values[2], referral: values[3] },
    amongClosed: { knew: values[4], information: values[5], referral: values[6] },
  };
}
export const flattenRateSet = <T>(s: RateSet<T>): T[] => [s.reach, s.amongReached.knew, s.amongReached.information, s.amongReached.referral, s.amongClosed.knew, s.amongClosed.information, s.amongClosed.referral];

export const ratesOf = (t: Tally): RateSet<Rate> => rateSet(counts(t).map(([x, n]) => wilson(x, n)));
export const ratesOfPairs = (pairs: ResultPair[]) => ratesOf(tallyOf(pairs));

function weightedRates(strata: StratumInfo[], byStratum: Map<string, Tally>, overall: RateSet<Rate>): RateSet<WeightedRate> {
  const unweighted = flattenRateSet(overall);
  const perKey = RATE_KEYS.map((_, k) => {
    const input: StratumCounts[] = strata.map((h) => {
      const t = byStratum.get(h.key) ?? emptyTally();
      const [x, n] = counts(t)[k];
      // Units are closed pairs; the rate's denominator is n of them (all, or the reached).
      return { possible: h.possible, n: t.closed, denominator: n, successes: x };
    });
    return { ...edgeSafe(stratifiedRatio(input), input.reduce((s, h) => s + h.denominator, 0)), unweighted: unweighted[k] };
  });
  return rateSet(perKey);
}

/**
 * The weighted interval as Wilson's at the effective sample size n* = p̂q̂/v (≤ n), n* = n at
 * p̂ = 0 or 1 (method v2, §5.3): R̂ ± z√v collapsed to [0, 0] at 0/8.
 */
function edgeSafe(r: ReturnType<typeof stratifiedRatio>, n: number): ReturnType<typeof stratifiedRatio> {
  if (r.estimate === null || r.se === null || n === 0) return r;
  const p = r.estimate;
  const v = r.se * r.se;
  const effective = v > 0 && p > 0 && p < 1 ? Math.min(n, (p * (1 - p)) / v) : n;
  return { ...r, ...wilsonAt(p, effective) };
}

/** Bootstrap over contacted services (A): each cluster is one service's closed pairs. */
function bootstrapIntervals(pairs: ResultPair[], resamples: number, seed: number): { clusters: number; intervals: RateSet<Interval>; monteCarloError: RateSet<number | null> } {
  const byA = new Map<string, Tally>();
  for (const p of pairs) {
    if (p.status !== 'reached' && p.status !== 'unreachable') continue;
    add(byA.get(p.aId) ?? byA.set(p.aId, emptyTally()).get(p.aId)!, p);
  }
  const clusters = [...byA.values()].map((t) => {
    const c = counts(t);
    return { numerators: c.map(([x]) => x), denominators: c.map(([, n]) => n) };
  });
  const estimates = clusters.length ? clusterBootstrapReplicates(clusters, { resamples, seed }).map((r) => percentileWithError(r)) : RATE_KEYS.map(() => percentileWithError([]));
  return { clusters: clusters.length, intervals: rateSet(estimates.map(({ lower, upper }) => ({ lower, upper }))), monteCarloError: rateSet(estimates.map((e) => e.monteCarloError)) };
}

function matrixOf(pairs: ResultPair[]): MatrixCell[] {
  const cells = new Map<string, { from: string; to: string; tally: Tally }>();
  for (const p of pairs) {
    const key = `${p.aCategory}>${p.bCategory}`;
    const cell = cells.get(key) ?? cells.set(key, { from: p.aCategory, to: p.bCategory, tally: emptyTally() }).get(key)!;
    add(cell.tally, p);
  }
  return [...cells.values()]
    .sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to))
    .map(({ from, to, tally: t }) => ({
      from,
      to,
      closed: t.closed,
      reached: t.reached,
      reach: wilson(t.reached, t.closed),
      knew: wilson(t.knew, t.closed),
      information: wilson(t.information, t.closed),
      referral: wilson(t.referral, t.closed),
      amongReached: { knew: wilson(t.knew, t.reached), information: wilson(t.information, t.reached), referral: wilson(t.referral, t.reached) },
    }));
}

function assetsOf(pairs: ResultPair[]): AssetResult[] {
  type Acc = { name: string; category: string; inX: number; inN: number; outX: number; outN: number; reachX: number; reachN: number };
  const acc = new Map<string, Acc>();
  const get = (id: string, name: string, category: string) => acc.get(id) ?? acc.set(id, { name, category, inX: 0, inN: 0, outX: 0, outN: 0, reachX: 0, reachN: 0 }).get(id)!;
  for (const p of pairs) {
    const a = get(p.aId, p.aName, p.aCategory);
    const b = get(p.bId, p.bName, p.bCategory);
    if (p.status !== 'reached' && p.status !== 'unreachable') continue;
    a.reachN++;
    if (p.status !== 'reached' || p.outcome === null) continue;
    a.reachX++;
    const knew = p.outcome >= 1 ? 1 : 0;
    a.outN++;
    a.outX += knew;
    b.inN++;
    b.inX += knew;
  }
  return [...acc.entries()]
    .sort((x, y) => x[1].name.localeCompare(y[1].name) || x[0].localeCompare(y[0]))
    .map(([assetId, v]) => ({ assetId, name: v.name, category: v.category, in: wilson(v.inX, v.inN), out: wilson(v.outX, v.outN), reach: wilson(v.reachX, v.reachN) }));
}

export function computeResults(
  campaign: CampaignResults['campaign'],
  pairs: ResultPair[],
  strata: StratumInfo[],
  options: { stratified: boolean; resamples?: number; seed?: number; linkThreshold?: number; primary?: RateKey; inclusion?: InclusionSummary | null },
): CampaignResults {
  const overallTally = tallyOf(pairs);
  const rates = ratesOf(overallTally);
  const byStratum = new Map<string, Tally>();
  for (const p of pairs) add(byStratum.get(p.stratum) ?? byStratum.set(p.stratum, emptyTally()).get(p.stratum)!, p);
  const totalPossible = strata.reduce((s, h) => s + h.possible, 0);
  const strataResults: StratumResult[] = strata.map((h) => {
    const t = byStratum.get(h.key) ?? emptyTally();
    return { key: h.key, from: h.from, to: h.to, possiblePairs: h.possible, weight: totalPossible ? h.possible / totalPossible : 0, drawn: pairs.filter((p) => p.stratum === h.key).length, closed: t.closed, rates: ratesOf(t) };
  });
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const nodes = new Map<string, string>();
  for (const p of pairs) { nodes.set(p.aId, p.aName); nodes.set(p.bId, p.bName); }
  const primary = options.primary ?? DEFAULT_PRIMARY;
  const possible = strata.map((h) => ({ key: h.key, possible: h.possible }));
  const design = clusteredRates(pairs, { stratified: options.stratified, strata: possible, resamples, seed, primary });
  const counts = { pairs: pairs.length, closed: overallTally.closed, reached: overallTally.reached, unreachable: overallTally.closed - overallTally.reached, open: pairs.filter((p) => p.status === 'open').length };
  const inclusion = options.inclusion ?? null;
  return {
    method: METHOD,
    campaign,
    counts,
    primary,
    population: populationOf(strata, options.stratified),
    headline: rateSet(design.headline),
    clustered: rateSet(design.clustered),
    openBounds: rateSet(openBounds(pairs)),
    inclusion,
    warnings: warningsOf(counts, design.clustered[0].unweighted.clusters, inclusion),
    rates,
    bootstrap: { resamples, seed, ...bootstrapIntervals(pairs, resamples, seed) },
    stratified: options.stratified,
    strata: strataResults,
    weighted: options.stratified ? weightedRates(strata, byStratum, rates) : null,
    matrix: matrixOf(pairs),
    assets: assetsOf(pairs),
    network: linkNetwork(
      [...nodes].map(([id, name]) => ({ id, name })),
      // A declined pair tested nothing: for the network it is like an open one.
      pairs.map((p) => ({ a: p.aId, b: p.bId, status: p.status === 'declined' ? 'open' as const : p.status, outcome: p.outcome })),
      options.linkThreshold ?? 2,
    ) as CampaignResults['network'],
  };
}

const label = (h: StratumInfo) => (h.from === null ? 'every category' : `${h.from} → ${h.to}`);

/** What the figures describe: the design's strata's allowed pairs, not the frame's every pair. */
function populationOf(strata: StratumInfo[], stratified: boolean): CampaignResults['population'] {
  const possiblePairs = strata.reduce((s, h) => s + h.possible, 0);
  const description = stratified
    ? `The weighted figures describe the ${possiblePairs} allowed ordered pairs (A contacted, asked about B) of the design's strata (${strata.map(label).join('; ')}) in the frame frozen at the draw, as if every one had been tested; they say nothing about category pairs outside these strata. Unweighted figures describe the pairs drawn.`
    : `The figures describe the ${possiblePairs} allowed ordered pairs (A contacted, asked about B) among all the frame's services frozen at the draw.`;
  return { description, possiblePairs, strata: strata.map((h) => h.key) };
}

function warningsOf(counts: CampaignResults['counts'], services: number, inclusion: InclusionSummary | null): string[] {
  const out: string[] = [];
  if (counts.open > 0) out.push(`${counts.open} pair${counts.open === 1 ? ' is' : 's are'} still open and in no denominator; see openBounds for what they could change.`);
  if (services > 0 && services < 20) out.push(`Only ${services} contacted services have closed pairs: the clustered intervals and bootstraps are themselves imprecise.`);
  if (inclusion?.unequal) {
    out.push(`The contact cap made inclusion probabilities unequal: from ${inclusion.minRatio.toFixed(2)} to ${inclusion.maxRatio.toFixed(2)} × n_h/N_h (services with many allowed pairs are under-represented); the weighted figures assume equal probabilities within a stratum.`);
  }
  return out;
}

/** After − before for each of the seven rates (Newcombe interval, prop.test chi-square). */
export function compareRates(before: RateSet<Rate>, after: RateSet<Rate>): Pick<ComparisonRow, 'metric' | 'before' | 'after' | 'difference' | 'chiSquare' | 'pValue'>[] {
  const b = flattenRateSet(before);
  const a = flattenRateSet(after);
  return RATE_KEYS.map((metric, k) => ({
    metric,
    before: b[k],
    after: a[k],
    difference: newcombeDifference(a[k].x, a[k].n, b[k].x, b[k].n),
    ...twoProportionTest(a[k].x, a[k].n, b[k].x, b[k].n),
  }));
}
