import { compareRates, computeResults, ratesOfPairs, type ResultPair } from './results';
import { wilson } from '../stats/proportion';
import { newcombeDifference } from '../stats/proportion';
import { wilsonAt } from '../stats/survey';

const pair = (aId: string, bId: string, stratum: 's1' | 's2', status: ResultPair['status'], outcome: number | null): ResultPair => ({
  aId, bId, aName: aId, bName: bId, stratum, status, outcome,
  aCategory: stratum === 's1' ? 'treatment' : 'housing',
  bCategory: stratum === 's1' ? 'mutual_aid' : 'lero_peer_support',
});

// Hand-worked campaign: 8 pairs, one still open.
const pairs: ResultPair[] = [
  pair('A1', 'B1', 's1', 'reached', 3),
  pair('A1', 'B2', 's1', 'reached', 2),
  pair('A2', 'B1', 's1', 'reached', 0),
  pair('A2', 'B3', 's1', 'unreachable', null),
  pair('A3', 'B2', 's1', 'open', null),
  pair('A4', 'B4', 's2', 'reached', 1),
  pair('A4', 'B5', 's2', 'unreachable', null),
  pair('A5', 'B4', 's2', 'reached', 2),
];
const strata = [
  { key: 's1', from: 'treatment', to: 'mutual_aid', possible: 100, requested: 5 },
  { key: 's2', from: 'housing', to: 'lero_peer_support', possible: 300, requested: 3 },
];
const campaign = { id: 'c', name: 'c', approach: 'disclosed' as const, status: 'closed' as const, published: false, drawnAt: null, closedAt: null, seed: 1 };
const results = computeResults(campaign, pairs, strata, { stratified: true, resamples: 500 });

test('headline rates by hand: 7 closed, 5 reached, knew 4, information 3, referral 1', () => {
  expect(results.counts).toEqual({ pairs: 8, closed: 7, reached: 5, unreachable: 2, open: 1 });
  expect(results.rates.reach).toEqual(wilson(5, 7));
  expect(results.rates.amongReached).toEqual({ knew: wilson(4, 5), information: wilson(3, 5), referral: wilson(1, 5) });
  expect(results.rates.amongClosed).toEqual({ knew: wilson(4, 7), information: wilson(3, 7), referral: wilson(1, 7) });
});

test('strata and the weighted estimate by hand (W = ¼, ¾)', () => {
  expect(results.strata.map((s) => [s.key, s.weight, s.drawn, s.closed])).toEqual([['s1', 0.25, 5, 4], ['s2', 0.75, 3, 3]]);
  expect(results.strata[0].rates.reach).toEqual(wilson(3, 4));
  // reach: ¼·¾ + ¾·⅔ = 0.6875
  expect(results.weighted!.reach.estimate).toBeCloseTo(0.6875, 12);
  expect(results.weighted!.reach.unweighted).toEqual(wilson(5, 7));
  // knew among reached (combined ratio): (¼·2/4 + ¾·2/3) / (¼·3/4 + ¾·2/3) = 0.625 / 0.6875
  expect(results.weighted!.amongReached.knew.estimate).toBeCloseTo(0.625 / 0.6875, 12);
  // referral among closed: ¼·1/4 + ¾·0 = 0.0625
  expect(results.weighted!.amongClosed.referral.estimate).toBeCloseTo(0.0625, 12);
});

test('category-pair matrix and per-asset in/out/reach by hand', () => {
  expect(results.matrix.map((c) => [c.from, c.to, c.closed, c.reach.x, c.knew.x, c.information.x, c.referral.x])).toEqual([
    ['housing', 'lero_peer_support', 3, 2, 2, 1, 0],
    ['treatment', 'mutual_aid', 4, 3, 2, 2, 1],
  ]);
  const byId = Object.fromEntries(results.assets.map((a) => [a.assetId, [a.in.x, a.in.n, a.out.x, a.out.n, a.reach.x, a.reach.n]]));
  expect(byId.A1).toEqual([0, 0, 2, 2, 2, 2]);
  expect(byId.A2).toEqual([0, 0, 0, 1, 1, 2]);
  expect(byId.A3).toEqual([0, 0, 0, 0, 0, 0]);
  expect(byId.B1).toEqual([1, 2, 0, 0, 0, 0]);
  expect(byId.B2).toEqual([1, 1, 0, 0, 0, 0]);
  expect(byId.B4).toEqual([2, 2, 0, 0, 0, 0]);
});

test('bootstrap clusters are the contacted services with a closed pair; network edges are outcomes ≥ 2', () => {
  expect(results.bootstrap.clusters).toBe(4);
  expect(results.bootstrap.resamples).toBe(500);
  const reach = results.bootstrap.intervals.reach;
  expect(reach.lower!).toBeLessThanOrEqual(5 / 7);
  expect(reach.upper!).toBeGreaterThanOrEqual(5 / 7);
  expect(results.network.edges).toBe(3);
  expect(results.network.nodes).toBe(10);
});

test('an unstratified campaign has no weighted block', () => {
  expect(computeResults(campaign, pairs, [{ key: 'all', from: null, to: null, possible: 1000, requested: 8 }], { stratified: false, resamples: 10 }).weighted).toBeNull();
});

test('comparison rows: after − before with Newcombe intervals and the chi-square p', () => {
  const before = ratesOfPairs(pairs);
  const after = ratesOfPairs([...pairs, pair('A6', 'B6', 's2', 'reached', 3), pair('A7', 'B7', 's2', 'reached', 3)]);
  const rows = compareRates(before, after);
  expect(rows.map((r) => r.metric)).toEqual(['reach', 'knew_reached', 'information_reached', 'referral_reached', 'knew_closed', 'information_closed', 'referral_closed']);
  expect(rows[0].difference).toEqual(newcombeDifference(7, 9, 5, 7));
  expect(rows[3].after).toEqual(wilson(3, 7));
  expect(rows[0].pValue).toBeGreaterThan(0);
});

test('results (and their cluster bootstrap) are a plain-data job: the same on a structured clone of the input, and the answer clones unchanged', () => {
  const campaign = { id: 'c', name: 'C', approach: 'simulated_enquiry', status: 'closed', published: true, drawnAt: null, closedAt: null, seed: 1 } as const;
  const strata = [{ key: 's1', from: 'treatment', to: 'mutual_aid', possible: 10, requested: 5 }, { key: 's2', from: 'housing', to: 'lero_peer_support', possible: 4, requested: 3 }];
  const args = [campaign, pairs, strata, { stratified: true, resamples: 200, seed: 5 }] as const;
  const direct = computeResults(...args);
  expect(computeResults(...(structuredClone(args) as unknown as typeof args))).toEqual(direct);
  expect(structuredClone(direct)).toEqual(direct);
});

/**
 * Version 2 figures for the hand-worked campaign above. Design-based references from the
 * independent numpy implementation quoted in server/stats/survey.test.ts, fed this campaign's
 * 7 closed pairs (A as cluster; N = 100 and 300):
 *   reach       weighted 0.6875, [0.3271352257632137, 0.9087183551405085]; unweighted 5/7, [0.35893445183261935, 0.9177810759959433]
 *   info_closed weighted 0.375,  [0.0511074199451137, 0.8698592274660188]
 *   referral_reached weighted 1/11, [0.008843999728615881, 0.5284598350939815]
 */
test('v2: the method stamp, the population and the primary figure', () => {
  expect(results.method).toEqual({ name: 'Waymark linkage-test method', version: 2, document: 'docs/linkage-method.md', software: expect.stringMatching(/^waymark \d+\.\d+\.\d+/) });
  expect(results.primary).toBe('information_closed');
  expect(results.population.possiblePairs).toBe(400);
  expect(results.population.description).toContain('treatment → mutual_aid; housing → lero_peer_support');
  expect(results.headline.amongClosed.information.secondary).toBe(false);
  expect(results.headline.reach.secondary).toBe(true);
});

test('v2: headline figures are weighted and clustered by A, with Wilson at the effective n, and read as sentences', () => {
  const reach = results.headline.reach;
  expect(reach.basis).toBe('weighted, clustered by contacted service');
  expect(reach.estimate).toBeCloseTo(0.6875, 12);
  expect(reach.lower).toBeCloseTo(0.3271352257632137, 10);
  expect(reach.upper).toBeCloseTo(0.9087183551405085, 10);
  expect(reach.sentence).toBe('About 69 in 100 contacted services were reached; we are 95% sure it is between 33 and 91 in 100.');
  expect(results.headline.amongClosed.information.lower).toBeCloseTo(0.0511074199451137, 10);
  expect(results.headline.amongReached.referral.upper).toBeCloseTo(0.5284598350939815, 10);
  expect(results.clustered.reach.unweighted.lower).toBeCloseTo(0.35893445183261935, 10);
  expect(results.clustered.reach.unweighted.upper).toBeCloseTo(0.9177810759959433, 10);
  expect(results.clustered.reach.unweighted.clusters).toBe(4);
  // Unstratified: the unweighted clustered figure is the headline.
  const plain = computeResults(campaign, pairs, [{ key: 'all', from: null, to: null, possible: 1000, requested: 8 }], { stratified: false, resamples: 10 });
  expect(plain.headline.reach.basis).toBe('unweighted, clustered by contacted service');
  expect(plain.headline.reach.upper).toBeCloseTo(0.9177810759959433, 10);
});

test('v2: intra-service correlation, two-way bootstrap and Monte Carlo errors are reported', () => {
  // knew among reached by A: A1 2/2, A2 0/1, A4 1/1, A5 1/1. ANOVA: N = 5, k = 4, Σy²/m = 2 + 0 + 1 + 1 = 4;
  // MSB = (4 − 16/5)/3 = 0.26667, MSW = (4 − 4)/1 = 0, so ρ̂ = MSB/MSB = 1.
  expect(results.clustered.amongReached.knew.intraServiceCorrelation).toBeCloseTo(1, 12);
  const twoWay = results.clustered.reach.twoWay;
  // A resample can miss every pair (no drawn A with a drawn B of its pairs): left out, so up to 500.
  expect(twoWay.replicates).toBeGreaterThan(480);
  expect(twoWay.replicates).toBeLessThanOrEqual(500);
  expect(twoWay.lower!).toBeLessThanOrEqual(5 / 7);
  expect(twoWay.upper!).toBeGreaterThanOrEqual(5 / 7);
  expect(twoWay.monteCarloError).toBeGreaterThanOrEqual(0);
  expect(results.bootstrap.monteCarloError.reach).toBeGreaterThanOrEqual(0);
});

test('v2: bounds for the open pair, by hand (7 closed, 1 open)', () => {
  // reach: as unreachable 5/8; reached (worst or best) 6/8.
  expect(results.openBounds.reach).toEqual({ asUnreachable: 5 / 8, asReachedWorst: 6 / 8, asReachedBest: 6 / 8, lower: 5 / 8, upper: 6 / 8 });
  // knew among reached (4/5): unreachable 4/5; worst 4/6; best 5/6.
  expect(results.openBounds.amongReached.knew).toEqual({ asUnreachable: 4 / 5, asReachedWorst: 4 / 6, asReachedBest: 5 / 6, lower: 4 / 6, upper: 5 / 6 });
  // referral among closed (1/7): 1/8, 1/8, 2/8.
  expect(results.openBounds.amongClosed.referral).toEqual({ asUnreachable: 1 / 8, asReachedWorst: 1 / 8, asReachedBest: 2 / 8, lower: 1 / 8, upper: 2 / 8 });
  expect(results.warnings[0]).toBe('1 pair is still open and in no denominator; see openBounds for what they could change.');
});

test('v2: the category-pair matrix gives rates among reached pairs too', () => {
  // treatment → mutual_aid: reached 3 (outcomes 3, 2, 0): knew 2/3, information 2/3, referral 1/3.
  const cell = results.matrix.find((c) => c.from === 'treatment')!;
  expect(cell.reached).toBe(3);
  expect(cell.amongReached).toEqual({ knew: wilson(2, 3), information: wilson(2, 3), referral: wilson(1, 3) });
});

test('v2: the weighted interval behaves at 0 (it was [0, 0] at 0/8): Wilson at the effective n', () => {
  // No referral anywhere: p̂ = 0, v = 0, so n* = n = 5 reached pairs: [0, z²/(5 + z²)] = [0, 0.43448246478317476] (python).
  const none = computeResults(campaign, pairs.map((p) => (p.outcome === 3 ? { ...p, outcome: 2 } : p)), strata, { stratified: true, resamples: 10 });
  expect(none.weighted!.amongReached.referral).toMatchObject({ estimate: 0, se: 0, lower: 0 });
  expect(none.weighted!.amongReached.referral.upper).toBeCloseTo(0.43448246478317476, 12);
  expect(none.headline.amongReached.referral.upper).toBeCloseTo(0.43448246478317476, 12);
  // Otherwise Wilson at n* = p̂q̂/v from Cochran's v: reach 0.6875, n = 7 closed pairs.
  const w = results.weighted!.reach;
  const effective = Math.min(7, (0.6875 * 0.3125) / w.se! ** 2);
  expect(w.lower).toBeCloseTo(wilsonAt(0.6875, effective).lower, 12);
});

test('v2: a declined pair (link2\'s status) is in no denominator, not an open pair and not a failure', () => {
  const withDeclined = computeResults(campaign, [...pairs, { ...pairs[0], aId: 'A9', status: 'declined', outcome: null }], strata, { stratified: true, resamples: 10 });
  expect(withDeclined.rates).toEqual(results.rates);
  expect(withDeclined.counts).toMatchObject({ pairs: 9, closed: 7, open: 1 });
  expect(withDeclined.openBounds).toEqual(results.openBounds);
  expect(withDeclined.headline.reach.estimate).toBe(results.headline.reach.estimate);
});
