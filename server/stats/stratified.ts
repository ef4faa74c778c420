import { Z95 } from './normal';

/**
 * Stratified estimates of a rate for a design that drew pairs stratum by stratum, each
 * stratum weighted by its share of the frame's possible pairs, W_h = N_h / Σ N_k.
 *
 * Every Waymark rate is a ratio of two 0/1 indicators over closed pairs, y ≤ r: for
 * `reach` y = reached and r = 1; for a rate among reached pairs y = success and
 * r = reached; for a rate among all closed pairs y = success and r = 1. The estimate is the
 * combined ratio estimator (Cochran 1977, §6.11)
 *   R = Σ W_h ȳ_h / Σ W_h r̄_h
 * with the linearised variance
 *   v(R) = (1 / ρ²) Σ W_h² (1 − f_h) s²_{d,h} / n_h,   ρ = Σ W_h r̄_h,  f_h = n_h / N_h,
 * where s²_{d,h} is the sample variance (divisor n_h − 1) of d_i = y_i − R r_i in stratum h.
 * When r ≡ 1 this is exactly Cochran's (§5.3) stratified proportion variance
 *   Σ W_h² (1 − f_h) p_h q_h / (n_h − 1).
 * The interval is R ± 1.96 √v, clipped to [0, 1]. Pure.
 */
export type StratumCounts = {
  /** N_h: possible pairs in the frame for this stratum. */
  possible: number;
  /** n_h: closed pairs (the sample units). */
  n: number;
  /** Σ r_i: units in the rate's denominator (n for reach and among-closed rates). */
  denominator: number;
  /** Σ y_i: successes (each also counted in the denominator). */
  successes: number;
};

export type WeightedEstimate = { estimate: number | null; se: number | null; lower: number | null; upper: number | null };

export function stratifiedRatio(strata: StratumCounts[], z = Z95): WeightedEstimate {
  const none: WeightedEstimate = { estimate: null, se: null, lower: null, upper: null };
  const totalPossible = strata.reduce((s, h) => s + h.possible, 0);
  // A stratum with possible pairs but no closed ones leaves its mean unknown: no estimate.
  if (totalPossible <= 0 || strata.some((h) => h.possible > 0 && h.n === 0)) return none;
  const used = strata.filter((h) => h.possible > 0);
  let numerator = 0;
  let rho = 0;
  for (const h of used) {
    const w = h.possible / totalPossible;
    numerator += (w * h.successes) / h.n;
    rho += (w * h.denominator) / h.n;
  }
  if (rho === 0) return none;
  const ratio = numerator / rho;
  if (used.some((h) => h.n < 2)) return { ...none, estimate: ratio };
  let variance = 0;
  for (const h of used) {
    const w = h.possible / totalPossible;
    const f = Math.min(1, h.n / h.possible);
    // Three kinds of unit: outside the denominator (d = 0), a success (d = 1 − R), a failure (d = −R).
    const successes = h.successes;
    const failures = h.denominator - h.successes;
    const outside = h.n - h.denominator;
    const mean = (successes * (1 - ratio) + failures * -ratio) / h.n;
    const ss = successes * (1 - ratio - mean) ** 2 + failures * (-ratio - mean) ** 2 + outside * (0 - mean) ** 2;
    const s2 = ss / (h.n - 1);
    variance += (w * w * (1 - f) * s2) / h.n;
  }
  variance /= rho * rho;
  const se = Math.sqrt(variance);
  return { estimate: ratio, se, lower: Math.max(0, ratio - z * se), upper: Math.min(1, ratio + z * se) };
}
