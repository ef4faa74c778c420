import { sampleVariance } from 'simple-statistics';
import { stratifiedRatio } from './stratified';

test('proportions (r ≡ 1): hand-worked Cochran stratified estimate and variance', () => {
  // W = (300, 100)/400 = (0.75, 0.25); p = (12/30, 15/20) = (0.4, 0.75)
  // p_st = 0.75·0.4 + 0.25·0.75 = 0.4875
  // v = 0.75²·(1 − 30/300)·0.4·0.6/29 + 0.25²·(1 − 20/100)·0.75·0.25/19 = 0.00418966 + 0.00049342 = 0.00468308
  const r = stratifiedRatio([
    { possible: 300, n: 30, denominator: 30, successes: 12 },
    { possible: 100, n: 20, denominator: 20, successes: 15 },
  ]);
  expect(r.estimate).toBeCloseTo(0.4875, 12);
  expect(r.se! ** 2).toBeCloseTo(0.00468308, 8);
  expect(r.lower).toBeCloseTo(0.4875 - 1.959964 * Math.sqrt(0.00468308), 5);
  expect(r.upper).toBeCloseTo(0.4875 + 1.959964 * Math.sqrt(0.00468308), 5);
});

test('ratios (rate among reached): equals a unit-by-unit linearisation computed with simple-statistics', () => {
  // Each unit: [r, y] with y ≤ r. Stratum sizes and mixes chosen unevenly.
  const units: [number, number][][] = [
    [...Array(10).fill([1, 1]), ...Array(6).fill([1, 0]), ...Array(4).fill([0, 0])],
    [...Array(3).fill([1, 1]), ...Array(9).fill([1, 0]), ...Array(8).fill([0, 0])],
    [...Array(7).fill([1, 1]), ...Array(1).fill([1, 0]), ...Array(2).fill([0, 0])],
  ];
  const possible = [500, 1200, 90];
  const total = possible.reduce((a, b) => a + b, 0);
  const W = possible.map((p) => p / total);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ybar = units.map((u) => mean(u.map(([, y]) => y)));
  const rbar = units.map((u) => mean(u.map(([r]) => r)));
  const rho = W.reduce((s, w, h) => s + w * rbar[h], 0);
  const R = W.reduce((s, w, h) => s + w * ybar[h], 0) / rho;
  let v = 0;
  units.forEach((u, h) => {
    const d = u.map(([r, y]) => y - R * r);
    v += (W[h] ** 2 * (1 - u.length / possible[h]) * sampleVariance(d)) / u.length;
  });
  v /= rho ** 2;
  const got = stratifiedRatio(units.map((u, h) => ({ possible: possible[h], n: u.length, denominator: u.filter(([r]) => r).length, successes: u.filter(([, y]) => y).length })));
  expect(got.estimate).toBeCloseTo(R, 12);
  expect(got.se).toBeCloseTo(Math.sqrt(v), 12);
});

test('one stratum: the plain proportion; an empty stratum: no estimate; n = 1: estimate without interval', () => {
  expect(stratifiedRatio([{ possible: 1000, n: 40, denominator: 32, successes: 8 }]).estimate).toBeCloseTo(0.25, 12);
  expect(stratifiedRatio([{ possible: 10, n: 5, denominator: 5, successes: 2 }, { possible: 10, n: 0, denominator: 0, successes: 0 }]).estimate).toBeNull();
  const single = stratifiedRatio([{ possible: 10, n: 1, denominator: 1, successes: 1 }, { possible: 10, n: 4, denominator: 4, successes: 2 }]);
  expect(single.estimate).toBeCloseTo(0.75, 12);
  expect(single.se).toBeNull();
  // The whole stratum sampled: no sampling variance (finite population correction 0).
  expect(stratifiedRatio([{ possible: 20, n: 20, denominator: 20, successes: 5 }]).se).toBe(0);
});
