import { errorFunction } from 'simple-statistics';
import { Z95, pchisq1Upper, pnorm } from './normal';
import { newcombeDifference, twoProportionTest, wilson } from './proportion';

/**
 * Independent references: z found by bisection on simple-statistics' erf (not our pnorm);
 * Wilson limits by R's own code path from stats::prop.test (p.c + z²/2n ± z√(…)) / (1 + z²/n),
 * written out here separately; published values from R and from Newcombe (1998), Table II.
 */
function zFromErf(level: number): number {
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (errorFunction(mid / Math.SQRT2) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** R 4.x stats::prop.test, one sample, correct = FALSE: the conf.int lines, transcribed. */
function rPropTestConfInt(x: number, n: number, z: number): [number, number] {
  const estimate = x / n;
  const yates = 0;
  const z22n = (z * z) / (2 * n);
  let pc = estimate + yates / n;
  const pu = pc >= 1 ? 1 : (pc + z22n + z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  pc = estimate - yates / n;
  const pl = pc <= 0 ? 0 : (pc + z22n - z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  return [Math.max(pl, 0), Math.min(pu, 1)];
}

const round4 = (v: number | null) => (v === null ? null : Math.round(v * 1e4) / 1e4);

test('z for 95% agrees with an erf-based bisection', () => {
  expect(Math.abs(Z95 - zFromErf(0.95))).toBeLessThan(1e-7);
});

test('pnorm and the 1-df chi-square tail match R', () => {
  expect(pnorm(-1.959963984540054)).toBeCloseTo(0.025, 12);
  expect(pnorm(0)).toBe(0.5);
  expect(pnorm(-1.96)).toBeCloseTo(0.0249979, 7); // R: pnorm(-1.96)
  expect(pnorm(-5) / 2.866516e-7).toBeCloseTo(1, 5); // R: pnorm(-5)
  expect(pnorm(-10) / 7.619853e-24).toBeCloseTo(1, 5); // R: pnorm(-10)
  expect(pchisq1Upper(3.841458820694124)).toBeCloseTo(0.05, 10); // qchisq(0.95, 1)
  for (const x of [0.1, 0.5, 1, 1.5, 2.5, 3]) expect(pnorm(x)).toBeCloseTo((1 + errorFunction(x / Math.SQRT2)) / 2, 7);
});

test('Wilson interval equals R prop.test(x, n, correct = FALSE)$conf.int to 4 decimals, including x = 0 and x = n', () => {
  const z = zFromErf(0.95);
  const cases: [number, number][] = [[0, 1], [1, 1], [0, 10], [10, 10], [1, 10], [5, 10], [3, 7], [0, 120], [120, 120], [97, 120], [1, 2], [17, 250], [999, 1000]];
  for (const [x, n] of cases) {
    const r = wilson(x, n);
    const [lo, hi] = rPropTestConfInt(x, n, z);
    expect([x, n, round4(r.lower), round4(r.upper)]).toEqual([x, n, round4(lo), round4(hi)]);
  }
  // Values printed by R (4.3) itself.
  expect([round4(wilson(5, 10).lower), round4(wilson(5, 10).upper)]).toEqual([0.2366, 0.7634]); // 0.2365931 0.7634069
  expect([wilson(0, 10).lower, round4(wilson(0, 10).upper)]).toEqual([0, 0.2775]); // 0.0000000 0.2775328
  expect([round4(wilson(10, 10).lower), wilson(10, 10).upper]).toEqual([0.7225, 1]); // 0.7224672 1.0000000
});

test('Wilson: edge cases and bad input', () => {
  expect(wilson(0, 0)).toEqual({ x: 0, n: 0, estimate: null, lower: null, upper: null });
  expect(wilson(3, 4).estimate).toBe(0.75);
  expect(() => wilson(5, 4)).toThrow(RangeError);
  expect(() => wilson(1.5, 4)).toThrow(RangeError);
});

test('Newcombe hybrid score interval reproduces Newcombe (1998) Table II, method 10', () => {
  const table: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
  ];
  for (const [x1, n1, x2, n2, lo, hi] of table) {
    const d = newcombeDifference(x1, n1, x2, n2);
    expect([x1, n1, x2, n2, round4(d.lower), round4(d.upper)]).toEqual([x1, n1, x2, n2, lo, hi]);
    expect(d.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
  }
  // By hand from the Wilson limits (R prop.test code path) for 56/70 − 48/80.
  const z = zFromErf(0.95);
  const [l1, u1] = rPropTestConfInt(56, 70, z);
  const [l2, u2] = rPropTestConfInt(48, 80, z);
  const d = 0.8 - 0.6;
  expect(newcombeDifference(56, 70, 48, 80).lower).toBeCloseTo(d - Math.hypot(0.8 - l1, u2 - 0.6), 6);
  expect(newcombeDifference(56, 70, 48, 80).upper).toBeCloseTo(d + Math.hypot(u1 - 0.8, 0.6 - l2), 6);
  expect(newcombeDifference(0, 0, 1, 1).estimate).toBeNull();
});

test('two-sample prop.test chi-square and p-value match the pooled z-test and R', () => {
  // R: prop.test(c(15, 25), c(50, 50), correct = FALSE) → X-squared = 4.1667, p-value = 0.04123
  const t = twoProportionTest(15, 50, 25, 50);
  expect(t.chiSquare).toBeCloseTo(4.1667, 4);
  expect(t.pValue).toBeCloseTo(0.04123, 5);
  // Independently: X² = z² for the pooled two-proportion z, p = 1 − erf(|z|/√2).
  for (const [x1, n1, x2, n2] of [[56, 70, 48, 80], [9, 10, 3, 10], [97, 120, 88, 100], [1, 30, 0, 25]]) {
    const p = (x1 + x2) / (n1 + n2);
    const zz = (x1 / n1 - x2 / n2) / Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
    const r = twoProportionTest(x1, n1, x2, n2);
    expect(r.chiSquare).toBeCloseTo(zz * zz, 9);
    expect(r.pValue).toBeCloseTo(1 - errorFunction(Math.abs(zz) / Math.SQRT2), 7);
  }
  expect(twoProportionTest(10, 10, 5, 5)).toEqual({ chiSquare: null, pValue: null });
  expect(twoProportionTest(0, 0, 5, 5)).toEqual({ chiSquare: null, pValue: null });
});
