import { compareDesigns, holmSecondary } from './results-compare';
import type { DesignPair } from './results-design';

/**
 * References from the independent numpy implementation quoted in server/stats/survey.test.ts
 * (weighted, A as cluster, N = 100 and 300), with MOVER and Wald written out in python:
 *   d = a − b; L = d − √((a − l_a)² + (u_b − b)²); U = d + √((u_a − a)² + (b − l_b)²); p = 2Φ(−|d|/√(v_a + v_b))
 *   reach:              b 0.6875, a 0.75,   [-0.4778196757435835, 0.4810976951479175], p 0.8393970149087675
 *   information_closed: b 0.375,  a 0.6875, [-0.36289903548957514, 0.7247493398384194], p 0.4837594651843403
 *   referral_reached:   b 1/11,   a 0.5,    [-0.17518416110785717, 0.8048956375991487], p 0.20473010557804083
 * Holm over the six secondary p (smallest 0.2047 × 6 > 1): all 1.
 */
const pair = (aId: string, stratum: string, status: DesignPair['status'], outcome: number | null, bId = 'B'): DesignPair => ({ aId, bId, stratum, status, outcome });
const strata = [{ key: 's1', possible: 100 }, { key: 's2', possible: 300 }];
const before = { stratified: true, strata, pairs: [pair('A1', 's1', 'reached', 3), pair('A1', 's1', 'reached', 2), pair('A2', 's1', 'reached', 0), pair('A2', 's1', 'unreachable', null), pair('A3', 's1', 'open', null), pair('A4', 's2', 'reached', 1), pair('A4', 's2', 'unreachable', null), pair('A5', 's2', 'reached', 2)] };
const after = { stratified: true, strata, pairs: [pair('A1', 's1', 'reached', 3), pair('A1', 's1', 'reached', 3), pair('A2', 's1', 'reached', 2), pair('A6', 's1', 'reached', 0), pair('A4', 's2', 'reached', 3), pair('A5', 's2', 'reached', 2), pair('A7', 's2', 'unreachable', null)] };

test('weighted design-based comparison: MOVER interval and Wald p equal the independent implementation', () => {
  const c = compareDesigns(before, after, { primary: 'information_closed', resamples: 400, seed: 3 });
  expect(c.sharedServices).toBe(4); // A1, A2, A4, A5 (A3 has only an open pair)
  const [reach, , , referralReached, , informationClosed] = c.rows;
  expect(reach.design.basis).toBe('weighted, clustered by contacted service');
  expect([reach.design.before, reach.design.after]).toEqual([0.6875, 0.75]);
  expect(reach.design.difference.lower).toBeCloseTo(-0.4778196757435835, 10);
  expect(reach.design.difference.upper).toBeCloseTo(0.4810976951479175, 10);
  expect(reach.design.pValue).toBeCloseTo(0.8393970149087675, 10);
  expect(informationClosed.design.difference.lower).toBeCloseTo(-0.36289903548957514, 10);
  expect(informationClosed.design.difference.upper).toBeCloseTo(0.7247493398384194, 10);
  expect(informationClosed.design.pValue).toBeCloseTo(0.4837594651843403, 10);
  expect(referralReached.design.difference.lower).toBeCloseTo(-0.17518416110785717, 10);
  expect(referralReached.design.pValue).toBeCloseTo(0.20473010557804083, 10);
  // The primary keeps its own p; the six secondary are Holm-adjusted (all 1 here).
  expect(informationClosed.secondary).toBe(false);
  expect(informationClosed.design.pValueHolm).toBe(informationClosed.design.pValue);
  expect(reach.secondary).toBe(true);
  expect(reach.design.pValueHolm).toBe(1);
  expect(informationClosed.clearEvidence).toBe(false);
  expect(informationClosed.sentence).toMatch(/^No clear evidence of change: enquiries given contact details rose from 38 to 69 in 100/);
  expect(reach.jointBootstrap.replicates).toBeGreaterThan(300);
  expect(reach.jointBootstrap.lower!).toBeLessThan(reach.jointBootstrap.upper!);
});

test('an unstratified side makes the comparison unweighted', () => {
  const c = compareDesigns({ ...before, stratified: false }, after, { primary: 'reach', resamples: 50, seed: 1 });
  expect(c.rows[0].design.basis).toBe('unweighted, clustered by contacted service');
  expect(c.rows[0].design.before).toBeCloseTo(5 / 7, 12);
  expect(c.rows[0].secondary).toBe(false);
});

test('Holm over the secondary figures only, by hand', () => {
  // Secondary p (0.01, 0.04, 0.03) → m = 3: 0.03, 0.06 (0.03·2), 0.06 (max(0.06, 0.04·1)). The primary 0.02 stays.
  const got = holmSecondary([0.01, 0.02, 0.04, 0.03], [true, false, true, true]);
  [0.03, 0.02, 0.06, 0.06].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
});
