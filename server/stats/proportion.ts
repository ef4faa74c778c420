import { Z95, pchisq1Upper } from './normal';

/**
 * Intervals and tests for proportions, matching R (stats::prop.test with correct = FALSE)
 * and Newcombe (1998). Pure: no I/O. Every function here is checked in proportion.test.ts
 * against values worked independently (R's own formula written out, published tables).
 */

export type Rate = { x: number; n: number; estimate: number | null; lower: number | null; upper: number | null };

/**
 * Wilson score interval (Wilson 1927), 95%. Equals R's prop.test(x, n, correct = FALSE)$conf.int,
 * which sets the lower end to exactly 0 when x = 0 and the upper to exactly 1 when x = n.
 */
export function wilson(x: number, n: number, z = Z95): Rate {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) throw new RangeError(`wilson: need integers 0 ≤ x ≤ n (got ${x}/${n})`);
  if (n === 0) return { x, n, estimate: null, lower: null, upper: null };
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return {
    x,
    n,
    estimate: p,
    lower: x === 0 ? 0 : Math.max(0, centre - half),
    upper: x === n ? 1 : Math.min(1, centre + half),
  };
}

export type Difference = { estimate: number | null; lower: number | null; upper: number | null };

/**
 * p1 − p2 with Newcombe's (1998) hybrid score interval, his method 10: each proportion's
 * Wilson limits (l_i, u_i) combined as
 *   L = d − √((p1 − l1)² + (u2 − p2)²),  U = d + √((u1 − p1)² + (p2 − l2)²).
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number): Difference {
  const a = wilson(x1, n1);
  const b = wilson(x2, n2);
  if (a.estimate === null || b.estimate === null) return { estimate: null, lower: null, upper: null };
  const p1 = a.estimate;
  const p2 = b.estimate;
  const d = p1 - p2;
  return {
    estimate: d,
    lower: d - Math.sqrt((p1 - a.lower!) ** 2 + (b.upper! - p2) ** 2),
    upper: d + Math.sqrt((a.upper! - p1) ** 2 + (p2 - b.lower!) ** 2),
  };
}

/**
 * Pearson's chi-square for a 2 × 2 table of successes/failures in two groups, and its
 * p-value on 1 df: R's prop.test(c(x1, x2), c(n1, n2), correct = FALSE). When an expected
 * count is zero (both groups all successes or all failures) R gives NaN; we give nulls.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { chiSquare: number | null; pValue: number | null } {
  if (n1 === 0 || n2 === 0) return { chiSquare: null, pValue: null };
  const n = n1 + n2;
  const successes = x1 + x2;
  const failures = n - successes;
  if (successes === 0 || failures === 0) return { chiSquare: null, pValue: null };
  const observed = [
    [x1, n1 - x1],
    [x2, n2 - x2],
  ];
  const rows = [n1, n2];
  const cols = [successes, failures];
  let chi = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const expected = (rows[i] * cols[j]) / n;
      chi += (observed[i][j] - expected) ** 2 / expected;
    }
  }
  return { chiSquare: chi, pValue: pchisq1Upper(chi) };
}
