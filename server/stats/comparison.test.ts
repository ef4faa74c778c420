import { holm, moverDifference, waldDifferenceP } from './comparison';
import { newcombeDifference, wilson } from './proportion';

test('Holm adjustment equals R p.adjust(p, "holm"), worked by hand', () => {
  // p = (0.01, 0.04, 0.03, 0.2, 0.005, 0.04), m = 6. Sorted: 0.005·6 = 0.03; 0.01·5 = 0.05; 0.03·4 = 0.12;
  // 0.04·3 = 0.12; 0.04·2 = 0.08 → running max 0.12; 0.2·1 = 0.2. Back in the original order:
  // (0.05, 0.12, 0.12, 0.2, 0.03, 0.12). R: p.adjust(c(.01,.04,.03,.2,.005,.04), "holm") gives the same.
  const got = holm([0.01, 0.04, 0.03, 0.2, 0.005, 0.04]);
  [0.05, 0.12, 0.12, 0.2, 0.03, 0.12].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  // Capped at 1; nulls (R's NA) are not counted: m = 2 → (0.5·1 → max(0.04, 0.5) = 0.5, 0.02·2 = 0.04).
  const withNull = holm([0.5, null, 0.02]);
  expect(withNull[0]).toBeCloseTo(0.5, 12);
  expect(withNull[1]).toBeNull();
  expect(withNull[2]).toBeCloseTo(0.04, 12);
  expect(holm([0.6, 0.7])).toEqual([1, 1]);
  expect(holm([])).toEqual([]);
});

test('MOVER with Wilson limits is exactly Newcombe method 10 (already checked against Newcombe 1998 Table II)', () => {
  const limits = (x: number, n: number) => { const w = wilson(x, n); return { estimate: w.estimate!, lower: w.lower!, upper: w.upper! }; };
  for (const [x1, n1, x2, n2] of [[56, 70, 48, 80], [9, 10, 3, 10], [5, 56, 0, 29], [0, 8, 0, 12]]) {
    const m = moverDifference(limits(x1, n1), limits(x2, n2));
    const n = newcombeDifference(x1, n1, x2, n2);
    expect(m.lower).toBeCloseTo(n.lower!, 12);
    expect(m.upper).toBeCloseTo(n.upper!, 12);
  }
});

test('Wald p for a difference of independent estimates, by hand', () => {
  // d = 0.1, v = 0.002 + 0.0016 = 0.0036 → z = 0.1/0.06 = 1.6667; 2Φ(−1.6667) = 0.0955807 (python: 2*norm.cdf(-1/0.6)).
  expect(waldDifferenceP(0.1, 0.002, 0.0016)).toBeCloseTo(0.09558070454562939, 9);
  expect(waldDifferenceP(0, 0, 0)).toBeNull();
});
