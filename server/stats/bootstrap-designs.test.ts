import { jointClusterBootstrap, jointClusterReplicates, percentileWithError, twoWayBootstrap, twoWayReplicates, type CrossedUnit, type JointCluster } from './bootstrap-designs';

const variance = (xs: number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

test('Monte Carlo error of a percentile end, by hand on an evenly spaced set of replicates', () => {
  // B = 1000 replicates 0.001 … 1.000, q = 0.025: spread = 1.96 √(1000 · 0.025 · 0.975) = 9.676;
  // order statistics ⌊25 − 9.676⌋ = 15 and ⌈25 + 9.676⌉ = 35 → (0.035 − 0.015) / (2 · 1.96) = 0.00510213456924654
  // (python3, math only); the upper end (965th and 985th) is the same.
  const reps = Array.from({ length: 1000 }, (_, i) => (i + 1) / 1000);
  const r = percentileWithError(reps);
  expect(r.monteCarloError).toBeCloseTo(0.00510213456924654, 12);
  expect(r.lower).toBeCloseTo(0.001 + 0.025 * 999 / 1000, 12); // type 7: h = 999 · 0.025
  expect(r.replicates).toBe(1000);
  expect(percentileWithError([])).toEqual({ lower: null, upper: null, monteCarloError: null, replicates: 0 });
});

// A fully crossed 10 × 10 design, y_ij = α_i + β_j, α = ½ for even i, β = ½ for j < 3.
const crossed: CrossedUnit[] = [];
for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) crossed.push({ a: `A${i}`, b: `B${j}`, numerators: [(i % 2 === 0 ? 0.5 : 0) + (j < 3 ? 0.5 : 0)], denominators: [1] });

test('two-way bootstrap: its variance is Var(α)/R + Var(β)/C for an additive crossed design (Owen 2007)', () => {
  // Fully crossed, each replicate mean is exactly ᾱ* + β̄*, two independent ordinary bootstrap
  // means: variance σ²_α/10 + σ²_β/10 = 0.0625/10 + 0.0525/10 = 0.0115 (numpy, divisor R).
  const [reps] = twoWayReplicates(crossed, { seed: 9, resamples: 4000 });
  expect(reps).toHaveLength(4000);
  expect(variance(reps) / 0.0115).toBeGreaterThan(0.9); // sd of a variance from 4000 draws ≈ 2.5%
  expect(variance(reps) / 0.0115).toBeLessThan(1.1);
  expect(twoWayBootstrap(crossed, { seed: 9, resamples: 300 })).toEqual(twoWayBootstrap(crossed, { seed: 9, resamples: 300 }));
});

test('the reported Monte Carlo error matches the spread of the ends over 20 seeds', () => {
  // Continuous-ish answers (α_i = i/10, β_j = (j² mod 7)/14), so the ends are not stuck on one value.
  const varied = crossed.map((x, n) => ({ ...x, numerators: [Math.floor(n / 10) / 10 + ((n % 10) ** 2 % 7) / 14] }));
  const lowers: number[] = [];
  const errors: number[] = [];
  for (let seed = 1; seed <= 20; seed++) {
    const [r] = twoWayBootstrap(varied, { seed, resamples: 500 });
    lowers.push(r.lower!);
    errors.push(r.monteCarloError!);
  }
  const ratio = Math.sqrt(variance(lowers)) / (errors.reduce((s, e) => s + e, 0) / errors.length);
  expect(ratio).toBeGreaterThan(0.4);
  expect(ratio).toBeLessThan(2);
});

test('joint cluster bootstrap: the same services answering alike in both campaigns give a difference of exactly 0', () => {
  const same: JointCluster[] = Array.from({ length: 12 }, (_, i) => {
    const side = { numerators: [i % 3 === 0 ? 2 : 1], denominators: [3] };
    return { before: side, after: side };
  });
  expect(jointClusterBootstrap(same, { resamples: 200 })[0]).toMatchObject({ lower: 0, upper: 0 });
});

test('joint cluster bootstrap: disjoint services with one pair each agree with the two-sample binomial variance', () => {
  // 60 services before (24 successes), 60 others after (36): Var(p̂₁ − p̂₂) ≈ 0.4·0.6/60 + 0.6·0.4/60 = 0.008.
  // Resampling the union of 120 lets each side's count vary (binomial 120, ½), which adds little.
  const clusters: JointCluster[] = [];
  for (let i = 0; i < 60; i++) clusters.push({ before: { numerators: [i < 24 ? 1 : 0], denominators: [1] }, after: { numerators: [0], denominators: [0] } });
  for (let i = 0; i < 60; i++) clusters.push({ before: { numerators: [0], denominators: [0] }, after: { numerators: [i < 36 ? 1 : 0], denominators: [1] } });
  const [reps] = jointClusterReplicates(clusters, { seed: 4, resamples: 5000 });
  const mean = reps.reduce((s, x) => s + x, 0) / reps.length;
  expect(mean).toBeCloseTo(0.2, 2);
  expect(variance(reps) / 0.008).toBeGreaterThan(0.92);
  expect(variance(reps) / 0.008).toBeLessThan(1.12);
  const [interval] = jointClusterBootstrap(clusters, { seed: 4, resamples: 5000 });
  expect(interval.monteCarloError!).toBeLessThan(0.007); // 5,000 resamples: the ends are good to well under a point
  expect(jointClusterBootstrap([], {})).toEqual([]);
});
