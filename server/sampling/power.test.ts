import { kishWeightingEffect, nForPower, planChange, powerTwoProportions, qnorm } from './power';

/**
 * References from R's power.prop.test formula evaluated independently with scipy (python3):
 *   power(n) = norm.cdf((sqrt(n)*|p1-p2| - norm.ppf(0.975)*sqrt(2*pb*(1-pb))) / sqrt(p1*(1-p1)+p2*(1-p2)))
 *   brentq(lambda n: power(n, .56, .66) - 0.8, 2, 1e7) = 372.26858268868784   (R: n = 372.2686 → 373 per campaign)
 *   power(120) = 0.35426489490249324 (the issue: 0.35); power(120/1.28) = 0.28800822614607313
 *   ceil(372.2686 · 1.28) = 477; ceil(372.2686 · 1.28 · 1.5) = 715; norm.ppf(0.8) = 0.8416212335729143
 */
test('qnorm and the power of a two-proportion test equal R (power.prop.test)', () => {
  expect(qnorm(0.8)).toBeCloseTo(0.8416212335729143, 12);
  expect(qnorm(0.975)).toBeCloseTo(1.959963984540054, 12);
  expect(powerTwoProportions(120, 0.56, 0.66)).toBeCloseTo(0.35426489490249324, 10);
  expect(nForPower(0.56, 0.66)).toBeCloseTo(372.26858268868784, 6);
  expect(nForPower(0.66, 0.56)).toBeCloseTo(372.26858268868784, 6);
  expect(nForPower(0.5, 0.5)).toBe(Infinity);
});

test('Kish weighting effect by hand', () => {
  // n_h = 30 each, N_h = (400, 200, 100, 100): w = (13.33, 6.67, 3.33, 3.33);
  // 120 · Σ N_h²/n_h / (Σ N_h)² = 120 · (220000/30) / 800² = 1.375.
  expect(kishWeightingEffect([{ possible: 400, count: 30 }, { possible: 200, count: 30 }, { possible: 100, count: 30 }, { possible: 100, count: 30 }])).toBeCloseTo(1.375, 12);
  // Proportionate allocation (n_h ∝ N_h): equal weights, 1.
  expect(kishWeightingEffect([{ possible: 400, count: 40 }, { possible: 100, count: 10 }])).toBeCloseTo(1, 12);
  expect(kishWeightingEffect([{ possible: 50, count: 7 }])).toBeCloseTo(1, 12);
});

test('before/after plan: 373 per campaign, inflated by the design effects; 120 pairs cannot answer the question', () => {
  const base = { before: 0.56, after: 0.66, power: 0.8, alpha: 0.05, designEffect: 1, weightingEffect: 1, unreachableShare: 0, plannedPairs: 120 };
  const plan = planChange(base);
  expect(plan.pairsSimpleRandom).toBe(373);
  expect(plan.pairsPerCampaign).toBe(373);
  expect(plan.powerAtPlanned).toBeCloseTo(0.35426489490249324, 10);
  expect(plan.canAnswer).toBe(false);
  expect(plan.message).toContain('cannot answer its question');
  const weighted = planChange({ ...base, weightingEffect: 1.28 });
  expect(weighted.pairsPerCampaign).toBe(477);
  expect(weighted.powerAtPlanned).toBeCloseTo(0.28800822614607313, 10);
  // Clustering 1.5 and rates among reached with a third unreachable: 372.2686 · 1.28 · 1.5 / (2/3) → 1073.
  expect(planChange({ ...base, weightingEffect: 1.28, designEffect: 1.5, unreachableShare: 1 / 3 }).pairsPerCampaign).toBe(Math.ceil((372.26858268868784 * 1.28 * 1.5 * 3) / 2));
  const enough = planChange({ ...base, plannedPairs: 400 });
  expect(enough.canAnswer).toBe(true);
  expect(planChange({ ...base, plannedPairs: null }).canAnswer).toBeNull();
});
