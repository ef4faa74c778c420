import { wilson } from './proportion';
import { clusterBootstrap, quantileType7 } from './bootstrap';

test('type-7 quantiles match R quantile()', () => {
  // R: quantile(c(1, 2, 3, 4, 10), c(0.025, 0.5, 0.975)) → 1.1, 3.0, 9.4
  const xs = [1, 2, 3, 4, 10];
  expect(quantileType7(xs, 0.025)).toBeCloseTo(1.1, 12);
  expect(quantileType7(xs, 0.5)).toBe(3);
  expect(quantileType7(xs, 0.975)).toBeCloseTo(9.4, 12);
});

test('same seed, same interval; another seed, a slightly different one', () => {
  const clusters = Array.from({ length: 60 }, (_, i) => ({ numerators: [(i * 7) % ((i % 5) + 2)], denominators: [(i % 5) + 2] }));
  const a = clusterBootstrap(clusters, { seed: 7 });
  expect(clusterBootstrap(clusters, { seed: 7 })).toEqual(a);
  expect(clusterBootstrap(clusters, { seed: 8 })).not.toEqual(a);
});

test('independent units (clusters of one): close to the Wilson interval', () => {
  // 300 successes in 1000 independent pairs. Percentile bootstrap ≈ p ± 1.96 √(p(1−p)/n) = 0.3 ± 0.0284.
  const clusters = Array.from({ length: 1000 }, (_, i) => ({ numerators: [i < 300 ? 1 : 0], denominators: [1] }));
  const [boot] = clusterBootstrap(clusters, { seed: 1, resamples: 2000 });
  const w = wilson(300, 1000);
  expect(Math.abs(boot.lower! - w.lower!)).toBeLessThan(0.006);
  expect(Math.abs(boot.upper! - w.upper!)).toBeLessThan(0.006);
});

test('answers that cluster by service widen the interval by about √(cluster size)', () => {
  // 100 services × 10 pairs, each service answering all its pairs alike: effectively 100 units.
  const clustered = Array.from({ length: 100 }, (_, i) => ({ numerators: [i < 30 ? 10 : 0], denominators: [10] }));
  const [boot] = clusterBootstrap(clustered, { seed: 3 });
  const naive = wilson(300, 1000);
  const ratio = (boot.upper! - boot.lower!) / (naive.upper! - naive.lower!);
  expect(ratio).toBeGreaterThan(2.6); // √10 ≈ 3.16
  expect(ratio).toBeLessThan(3.7);
});

test('several ratios at once, and resamples with an empty denominator are left out', () => {
  const clusters = [
    { numerators: [1, 0], denominators: [1, 0] },
    { numerators: [0, 1], denominators: [1, 1] },
  ];
  const [first, second] = clusterBootstrap(clusters, { seed: 5, resamples: 500 });
  expect(first.lower).toBe(0);
  expect(first.upper).toBe(1);
  expect(second).toEqual({ lower: 1, upper: 1 });
  expect(clusterBootstrap([], {})).toEqual([]);
});

test('the fast bounded integer is uniform (chi-square over 7 bins, 70,000 draws) and stays in range', async () => {
  const { seededRandom } = await import('./random');
  const random = seededRandom(11);
  const bins = new Array(7).fill(0);
  for (let i = 0; i < 70_000; i++) bins[random.below(7)]++;
  const chi = bins.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
  expect(chi).toBeLessThan(22.46); // χ²(6) at p = 0.001
  for (let i = 0; i < 1000; i++) expect(random.below(1)).toBe(0);
  expect(() => random.below(0)).toThrow(RangeError);
});

test('fillBelow gives exactly the values of repeated below calls from the same seed', async () => {
  const { seededRandom } = await import('./random');
  const a = seededRandom(3);
  const b = seededRandom(3);
  const out = new Int32Array(500);
  a.fillBelow(1234, out);
  expect([...out]).toEqual(Array.from({ length: 500 }, () => b.below(1234)));
});
