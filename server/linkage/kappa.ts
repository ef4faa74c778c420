import type { Kappa } from './types-v2';

/**
 * Cohen's kappa for two coders over the same items (pure): κ = (p_o − p_e) / (1 − p_e),
 * p_o the share of items coded alike, p_e the agreement expected from each coder's own
 * marginal shares. Unweighted: the rubric's codes are treated as categories. κ is null
 * with no items, and when p_e = 1 (both coders used one and the same code throughout).
 */
export function cohenKappa<T>(items: readonly (readonly [T, T])[]): Kappa {
  const n = items.length;
  if (!n) return { n, observed: null, expected: null, kappa: null };
  const first = new Map<T, number>();
  const second = new Map<T, number>();
  let agree = 0;
  for (const [a, b] of items) {
    if (a === b) agree++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = agree / n;
  let expected = 0;
  for (const [code, count] of first) expected += (count / n) * ((second.get(code) ?? 0) / n);
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected);
  return { n, observed, expected, kappa };
}
