import { Z95 } from '../stats/normal';

/**
 * How many pairs to draw. For an expected rate p and a wanted 95% half-width d, the
 * smallest n whose Wilson interval at p̂ = p has half-width ≤ d:
 *   h(n) = z √(p(1 − p)/n + z²/4n²) / (1 + z²/n),
 * which falls as n grows (found by bisection). Rates among reached pairs need that many
 * reached pairs, so the draw is inflated for the expected unreachable share u and for the
 * design effect of clustering (deff ≥ 1; 1 + (m − 1)ρ for m pairs per service and
 * intra-service correlation ρ): ceil(n · deff / (1 − u)). Rates among all closed pairs
 * count an unreachable service as a failure, so need only ceil(n · deff). Pure.
 */
export type PlanInput = { rate: number; halfWidth: number; unreachableShare: number; designEffect: number };
export type Plan = PlanInput & { reachedNeeded: number; pairsForReachedRates: number; pairsForClosedRates: number };

export function wilsonHalfWidth(p: number, n: number, z = Z95): number {
  return (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
}

export function planSampleSize(input: PlanInput): Plan {
  const { rate, halfWidth, unreachableShare, designEffect } = input;
  let lo = 1;
  let hi = 1;
  while (wilsonHalfWidth(rate, hi) > halfWidth) hi *= 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (wilsonHalfWidth(rate, mid) <= halfWidth) hi = mid;
    else lo = mid + 1;
  }
  // Rounded to 9 places first so floating noise (93.0000000001) does not add a pair.
  const ceil = (v: number) => Math.ceil(Math.round(v * 1e9) / 1e9);
  return {
    ...input,
    reachedNeeded: lo,
    pairsForReachedRates: ceil((lo * designEffect) / (1 - unreachableShare)),
    pairsForClosedRates: ceil(lo * designEffect),
  };
}
