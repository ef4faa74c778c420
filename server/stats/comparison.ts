import { pnorm } from './normal';

/**
 * Differences of two independent design-based estimates and multiplicity (pure;
 * docs/linkage-method.md §5.4–5.5).
 */
export type Limits = { estimate: number; lower: number; upper: number };

/**
 * MOVER interval for p₁ − p₂ (Zou & Donner 2008), Newcombe's (1998) method 10 with any
 * limits in place of Wilson's: here each campaign's design-based Wilson limits at its
 * effective sample size, so the difference inherits their good behaviour near 0 and 1:
 *   L = d − √((p₁ − l₁)² + (u₂ − p₂)²),  U = d + √((u₁ − p₁)² + (p₂ − l₂)²).
 */
export function moverDifference(after: Limits, before: Limits): Limits {
  const d = after.estimate - before.estimate;
  return {
    estimate: d,
    lower: d - Math.sqrt((after.estimate - after.lower) ** 2 + (before.upper - before.estimate) ** 2),
    upper: d + Math.sqrt((after.upper - after.estimate) ** 2 + (before.estimate - before.lower) ** 2),
  };
}

/** Two-sided p of the Wald test of no difference, z = d / √(v₁ + v₂); null when v₁ + v₂ = 0. */
export function waldDifferenceP(d: number, varianceAfter: number, varianceBefore: number): number | null {
  const v = varianceAfter + varianceBefore;
  if (!(v > 0)) return null;
  return 2 * pnorm(-Math.abs(d) / Math.sqrt(v));
}

/**
 * Holm's (1979) step-down adjustment, as R's p.adjust(p, "holm"): sort the m p-values
 * ascending, p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)). Nulls stay null and are not
 * counted in m (R's default with NA).
 */
export function holm(ps: (number | null)[]): (number | null)[] {
  const present = ps.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null).sort((a, b) => a.p - b.p || a.i - b.i);
  const m = present.length;
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  present.forEach(({ p, i }, j) => {
    running = Math.max(running, Math.min(1, (m - j) * p));
    out[i] = running;
  });
  return out;
}
