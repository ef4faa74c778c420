import { Z95 } from './normal';

/**
 * Design-based estimate of a rate when pairs cluster by the contacted service (A), for a
 * stratified or an unstratified draw (docs/linkage-method.md §5.3). Pure.
 *
 * Units are closed pairs i, each with 0/1 indicators y_i ≤ r_i (the rate is Σ y / Σ r over
 * the population), a stratum h, a cluster c (the contacted service; a service in two strata
 * is a cluster in each) and the weight w_i = N_h / n_h (possible pairs over closed pairs).
 *   R̂ = Σ w y / Σ w r                                 (combined ratio, Cochran 1977 §6.11)
 *   z_i = w_i (y_i − R̂ r_i) / Σ w r                    (linearised, Woodruff 1971)
 *   v(R̂) = Σ_h (1 − f_h) m_h/(m_h − 1) Σ_c (z_hc − z̄_h)²  (ultimate clusters, f_h = n_h/N_h)
 * where z_hc is cluster c's total and m_h the clusters in h: R's survey::svyratio for
 * svydesign(ids = ~A, strata = ~stratum, weights = ~w) with the finite-population factor
 * (1 − f_h) of the pairs. A stratum with one cluster ("lonely PSU") is centred at the grand
 * mean of the cluster totals, which is 0 here (Σ z = 0), as survey's lonely.psu = "adjust".
 * With one cluster in all there is no variance, hence no interval.
 *
 * The interval is Wilson's at the effective sample size n* = p̂(1 − p̂)/v, capped at n (the
 * pairs in the denominator) as Korn & Graubard (1998) cap theirs; at p̂ = 0 or 1 (v = 0)
 * n* = n. So it never collapses to zero width at 0 or 1, unlike R̂ ± z√v.
 */
export type SurveyUnit = { stratum: string; cluster: string; y: number; r: number };
export type SurveyStratum = { key: string; possible: number };

export type DesignRate = {
  estimate: number | null;
  se: number | null;
  lower: number | null;
  upper: number | null;
  /** Pairs in the denominator (Σ r) and distinct clusters (services) among all units. */
  n: number;
  clusters: number;
  /** v / (p̂(1 − p̂)/n): the variance against simple random sampling of n pairs (Kish). */
  designEffect: number | null;
  effectiveN: number | null;
};

/** Wilson's score interval for a proportion p observed on n (possibly fractional) units. */
export function wilsonAt(p: number, n: number, z = Z95): { lower: number; upper: number } {
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lower: p <= 0 ? 0 : Math.max(0, centre - half), upper: p >= 1 ? 1 : Math.min(1, centre + half) };
}

/**
 * strata = null: unweighted (every pair weight 1, one stratum, no finite-population factor).
 * Otherwise every unit's stratum must be listed with its N_h.
 */
export function designRatio(units: SurveyUnit[], strata: SurveyStratum[] | null, z = Z95): DesignRate {
  const n = units.reduce((s, u) => s + u.r, 0);
  const none: DesignRate = { estimate: null, se: null, lower: null, upper: null, n, clusters: new Set(units.map((u) => u.cluster)).size, designEffect: null, effectiveN: null };
  const byStratum = new Map<string, SurveyUnit[]>();
  for (const u of units) {
    const key = strata ? u.stratum : 'all';
    (byStratum.get(key) ?? byStratum.set(key, []).get(key)!).push(u);
  }
  const possible = new Map(strata?.map((h) => [h.key, h.possible]) ?? []);
  // A listed stratum with possible pairs but no closed one leaves its part unknown.
  if (strata && strata.some((h) => h.possible > 0 && !byStratum.has(h.key))) return none;
  const weightOf = new Map<string, number>();
  const fpc = new Map<string, number>();
  for (const [key, us] of byStratum) {
    if (!strata) { weightOf.set(key, 1); fpc.set(key, 1); continue; }
    const N = possible.get(key);
    if (N === undefined) throw new RangeError(`designRatio: stratum ${key} has no possible-pairs count`);
    weightOf.set(key, N / us.length);
    fpc.set(key, 1 - Math.min(1, us.length / N));
  }
  let ty = 0;
  let tr = 0;
  for (const [key, us] of byStratum) for (const u of us) { ty += weightOf.get(key)! * u.y; tr += weightOf.get(key)! * u.r; }
  if (tr === 0) return none;
  const p = ty / tr;
  let v = 0;
  for (const [key, us] of byStratum) {
    const w = weightOf.get(key)!;
    const totals = new Map<string, number>();
    for (const u of us) totals.set(u.cluster, (totals.get(u.cluster) ?? 0) + (w * (u.y - p * u.r)) / tr);
    const m = totals.size;
    const zs = [...totals.values()];
    if (m === 1) { v += fpc.get(key)! * zs[0] ** 2; continue; }
    const mean = zs.reduce((s, x) => s + x, 0) / m;
    v += (fpc.get(key)! * m) / (m - 1) * zs.reduce((s, x) => s + (x - mean) ** 2, 0);
  }
  let clusterCount = 0;
  for (const us of byStratum.values()) clusterCount += new Set(us.map((u) => u.cluster)).size;
  if (clusterCount < 2) return { ...none, estimate: p };
  const se = Math.sqrt(v);
  const srs = (p * (1 - p)) / n;
  const effectiveN = v > 0 && p > 0 && p < 1 ? Math.min(n, (p * (1 - p)) / v) : n;
  const { lower, upper } = wilsonAt(p, effectiveN, z);
  return { ...none, estimate: p, se, lower, upper, designEffect: srs > 0 ? v / srs : null, effectiveN };
}

/**
 * Intra-service correlation of a 0/1 answer by one-way analysis of variance (Fleiss 1981;
 * Donner 1986): k clusters of sizes m_i with y_i successes, N = Σ m_i,
 *   MSB = (Σ y_i²/m_i − (Σ y_i)²/N)/(k − 1),  MSW = (Σ y_i − Σ y_i²/m_i)/(N − k),
 *   m₀ = (N − Σ m_i²/N)/(k − 1),  ρ̂ = (MSB − MSW)/(MSB + (m₀ − 1) MSW).
 * Null when k < 2, N = k, or the answers are all alike (0/0).
 */
export function anovaIcc(clusters: { m: number; y: number }[]): number | null {
  const cs = clusters.filter((c) => c.m > 0);
  const k = cs.length;
  const N = cs.reduce((s, c) => s + c.m, 0);
  if (k < 2 || N <= k) return null;
  const Y = cs.reduce((s, c) => s + c.y, 0);
  const between = cs.reduce((s, c) => s + (c.y * c.y) / c.m, 0);
  const msb = (between - (Y * Y) / N) / (k - 1);
  const msw = (Y - between) / (N - k);
  const m0 = (N - cs.reduce((s, c) => s + c.m * c.m, 0) / N) / (k - 1);
  const denom = msb + (m0 - 1) * msw;
  return denom > 0 ? (msb - msw) / denom : null;
}
