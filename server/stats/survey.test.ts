import { anovaIcc, designRatio, wilsonAt, type SurveyUnit } from './survey';
import { stratifiedRatio } from './stratified';
import { wilson } from './proportion';

/**
 * Reference values from a second implementation written independently in Python/numpy
 * (z = scipy.stats.norm.ppf(0.975)); the script, run 2026-12-06:
 *
 *   def design(units, N=None):          # units: (stratum, cluster, y, r); N: {stratum: N_h} or None
 *       st = sorted({u[0] for u in units}) if N else ['all']; key = (lambda u: u[0]) if N else (lambda u: 'all')
 *       nh = {h: sum(key(u) == h for u in units) for h in st}
 *       w = np.array([N[key(u)] / nh[key(u)] if N else 1.0 for u in units])
 *       y = np.array([u[2] for u in units], float); r = np.array([u[3] for u in units], float)
 *       R = (w*y).sum() / (w*r).sum(); zi = w*(y - R*r) / (w*r).sum(); v = 0
 *       for h in st:
 *           f = nh[h] / N[h] if N else 0; cl = sorted({u[1] for u in units if key(u) == h})
 *           tot = np.array([sum(zi[i] for i, u in enumerate(units) if key(u) == h and u[1] == c) for c in cl])
 *           v += (1-f)*tot[0]**2 if len(cl) == 1 else (1-f)*len(cl)/(len(cl)-1)*((tot - tot.mean())**2).sum()
 *       n = r.sum(); ne = min(n, R*(1-R)/v) if v > 0 and 0 < R < 1 else n
 *       c = (R + z*z/(2*ne))/(1 + z*z/ne); hw = z*np.sqrt(R*(1-R)/ne + z*z/(4*ne*ne))/(1 + z*z/ne)
 *       return R, np.sqrt(v), v/(R*(1-R)/n), ne, (0 if R <= 0 else c-hw), (1 if R >= 1 else c+hw)
 */
const u = (stratum: string, cluster: string, y: number, r: number): SurveyUnit => ({ stratum, cluster, y, r });
// Two strata; A1 is contacted in both (a cluster in each); two pairs outside the denominator (r = 0).
const UNITS: SurveyUnit[] = [
  u('s1', 'A1', 1, 1), u('s1', 'A1', 1, 1), u('s1', 'A1', 0, 1), u('s1', 'A2', 0, 1), u('s1', 'A2', 0, 0), u('s1', 'A3', 1, 1), u('s1', 'A3', 0, 1),
  u('s2', 'A4', 1, 1), u('s2', 'A4', 1, 1), u('s2', 'A5', 0, 1), u('s2', 'A5', 0, 0), u('s2', 'A5', 1, 1), u('s2', 'A1', 0, 1),
];
const N = [{ key: 's1', possible: 40 }, { key: 's2', possible: 12 }];

test('weighted, clustered by A, with the finite-population factor: equals the independent implementation', () => {
  // Python: R 0.5225806451612903, se 0.10550527326600329, deff 0.4907809266081899, n* 11 (capped at n), [0.26255021962164615, 0.7709218399346364]
  const r = designRatio(UNITS, N);
  expect(r.estimate).toBeCloseTo(0.5225806451612903, 12);
  expect(r.se).toBeCloseTo(0.10550527326600329, 12);
  expect(r.designEffect).toBeCloseTo(0.4907809266081899, 10);
  expect(r.effectiveN).toBe(11);
  expect(r.lower).toBeCloseTo(0.26255021962164615, 10);
  expect(r.upper).toBeCloseTo(0.7709218399346364, 10);
  expect([r.n, r.clusters]).toEqual([11, 5]);
});

test('unweighted (one stratum, no finite-population factor), and answers that cluster strongly', () => {
  // Python: R 0.5454545454545454, se 0.1101067156568118, deff 0.5378787878787878, [0.280091537409322, 0.7872872837754024]
  const a = designRatio(UNITS, null);
  expect(a.estimate).toBeCloseTo(6 / 11, 12);
  expect(a.se).toBeCloseTo(0.1101067156568118, 12);
  expect(a.designEffect).toBeCloseTo(0.5378787878787878, 10);
  expect([a.lower, a.upper].map((x) => x!.toFixed(10))).toEqual(['0.2800915374', '0.7872872838']);
  // Services answering alike: A1 1,1,1; A2 0,0,0; A3 1,1,0; A4 0 (and one unreached pair).
  // Python: R 0.5, se 0.25819888974716115, deff 2.666666666666667, n* 3.75, [0.14432325158296483, 0.8556767484170351]
  const clustered = [...Array(3).fill(u('all', 'A1', 1, 1)), ...Array(3).fill(u('all', 'A2', 0, 1)), u('all', 'A3', 1, 1), u('all', 'A3', 1, 1), u('all', 'A3', 0, 1), u('all', 'A4', 0, 1), u('all', 'A4', 0, 0)];
  const c = designRatio(clustered, null);
  expect(c.se).toBeCloseTo(0.25819888974716115, 12);
  expect(c.designEffect).toBeCloseTo(8 / 3, 10);
  expect(c.effectiveN).toBeCloseTo(3.75, 10);
  expect(c.lower).toBeCloseTo(0.14432325158296483, 10);
  expect(c.upper).toBeCloseTo(0.8556767484170351, 10);
});

test('x = 0 and x = n: the interval keeps a width (Wilson at n), never [0, 0] or [1, 1]', () => {
  // v = 0 → n* = n; Wilson(0, n) = [0, z²/(n + z²)], Wilson(n, n) = [n/(n + z²), 1].
  // Python: n = 8: 0.32440756488388023 and 0.6755924351161198; n = 5: 0.43448246478317476 and 0.5655175352168252.
  const none = UNITS.map((x) => ({ ...x, y: 0 }));
  const zero = designRatio(none, N);
  expect(zero.estimate).toBe(0);
  expect(zero.lower).toBe(0);
  expect(zero.upper).toBeCloseTo(wilson(0, 11).upper!, 12);
  const all = UNITS.map((x) => ({ ...x, y: x.r }));
  const full = designRatio(all, null);
  expect(full.upper).toBe(1);
  expect(full.lower).toBeCloseTo(wilson(11, 11).lower!, 12);
  expect(full.designEffect).toBeNull();
  const eight = Array.from({ length: 8 }, (_, i) => u('all', `A${i % 3}`, 0, 1));
  expect(designRatio(eight, null).upper).toBeCloseTo(0.32440756488388023, 12);
  const five = Array.from({ length: 5 }, (_, i) => u('all', `A${i % 2}`, 1, 1));
  expect(designRatio(five, null).lower).toBeCloseTo(0.5655175352168252, 12);
  expect(wilsonAt(0, 5).upper).toBeCloseTo(0.43448246478317476, 12);
});

test('one stratum; a stratum with one pair (lonely cluster); one cluster in all', () => {
  // One stratum s1, N = 40. Python: R 0.5, se 0.13110110602126895, deff 0.4125, n* 6, [0.1876163064826506, 0.8123836935173494]
  const one = designRatio(UNITS.filter((x) => x.stratum === 's1'), [N[0]]);
  expect(one.se).toBeCloseTo(0.13110110602126895, 12);
  expect(one.designEffect).toBeCloseTo(0.4125, 10);
  expect([one.lower, one.upper].map((x) => x!.toFixed(10))).toEqual(['0.1876163065', '0.8123836935']);
  // s3 (N = 5) holds one pair: its one cluster is centred at the grand mean 0.
  // Python: R 0.5710144927536231, se 0.09468889096908692, [0.3094639242144826, 0.7981238835359326]
  const lonely = designRatio([...UNITS, u('s3', 'A9', 1, 1)], [...N, { key: 's3', possible: 5 }]);
  expect(lonely.estimate).toBeCloseTo(0.5710144927536231, 12);
  expect(lonely.se).toBeCloseTo(0.09468889096908692, 12);
  expect(lonely.lower).toBeCloseTo(0.3094639242144826, 10);
  expect(lonely.upper).toBeCloseTo(0.7981238835359326, 10);
  // One contacted service: an estimate, no interval.
  const single = designRatio([u('all', 'A1', 1, 1), u('all', 'A1', 0, 1)], null);
  expect(single.estimate).toBe(0.5);
  expect([single.se, single.lower, single.upper]).toEqual([null, null, null]);
  // A listed stratum with no closed pair: no estimate. An empty denominator: no estimate.
  expect(designRatio(UNITS, [...N, { key: 's9', possible: 3 }]).estimate).toBeNull();
  expect(designRatio([u('all', 'A1', 0, 0), u('all', 'A2', 0, 0)], null).estimate).toBeNull();
});

test('pairs as their own clusters: exactly the stratified (Cochran) variance already checked against R', () => {
  const singletons = UNITS.map((x, i) => ({ ...x, cluster: `P${i}` }));
  const cochran = stratifiedRatio(N.map((h) => {
    const us = UNITS.filter((x) => x.stratum === h.key);
    return { possible: h.possible, n: us.length, denominator: us.filter((x) => x.r).length, successes: us.filter((x) => x.y).length };
  }));
  const d = designRatio(singletons, N);
  expect(d.estimate).toBeCloseTo(cochran.estimate!, 12);
  expect(d.se).toBeCloseTo(cochran.se!, 12);
});

test('intra-service correlation by one-way ANOVA, against the textbook sums of squares', () => {
  // Groups [1,1,1], [0,0,0], [1,1,0], [0]: grand mean 5/10. numpy: SSB = Σ m_i (ȳ_i − ȳ)², SSW = Σ (y − ȳ_i)²;
  // MSB 0.6111111, MSW 0.1111111, m₀ = (10 − 28/10)/3 = 2.4; ρ̂ = 0.5/(0.6111 + 1.4·0.1111) = 0.6521739130434783.
  expect(anovaIcc([{ m: 3, y: 3 }, { m: 3, y: 0 }, { m: 3, y: 2 }, { m: 1, y: 0 }])).toBeCloseTo(0.6521739130434783, 12);
  expect(anovaIcc([{ m: 3, y: 3 }])).toBeNull(); // one cluster
  expect(anovaIcc([{ m: 1, y: 1 }, { m: 1, y: 0 }])).toBeNull(); // no within-cluster replication
  expect(anovaIcc([{ m: 2, y: 0 }, { m: 3, y: 0 }])).toBeNull(); // all alike
});
