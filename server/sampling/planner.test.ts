import { planSampleSize, wilsonHalfWidth } from './planner';

test('p = 0.5: the closed form n ≥ (z/2d)² − z² (the Wilson half-width at ½ is (z/2)/√(n + z²))', () => {
  const z = 1.959963984540054;
  for (const d of [0.2, 0.1, 0.05, 0.03]) {
    const exact = Math.ceil((z / (2 * d)) ** 2 - z * z);
    expect(planSampleSize({ rate: 0.5, halfWidth: d, unreachableShare: 0, designEffect: 1 }).reachedNeeded).toBe(exact);
  }
  // d = 0.1: 96.04 − 3.84 = 92.2 → 93 reached; with 20% unreachable 93 / 0.8 = 116.25 → 117 pairs.
  expect(planSampleSize({ rate: 0.5, halfWidth: 0.1, unreachableShare: 0.2, designEffect: 1 })).toEqual({
    rate: 0.5, halfWidth: 0.1, unreachableShare: 0.2, designEffect: 1, reachedNeeded: 93, pairsForReachedRates: 117, pairsForClosedRates: 93,
  });
});

test('the answer is the smallest n that reaches the half-width, and the design effect scales it', () => {
  for (const rate of [0.1, 0.3, 0.7, 0.9]) {
    const plan = planSampleSize({ rate, halfWidth: 0.05, unreachableShare: 0.25, designEffect: 1.5 });
    expect(wilsonHalfWidth(rate, plan.reachedNeeded)).toBeLessThanOrEqual(0.05);
    expect(wilsonHalfWidth(rate, plan.reachedNeeded - 1)).toBeGreaterThan(0.05);
    expect(plan.pairsForReachedRates).toBe(Math.ceil((plan.reachedNeeded * 1.5) / 0.75));
    expect(plan.pairsForClosedRates).toBe(Math.ceil(plan.reachedNeeded * 1.5));
  }
});
