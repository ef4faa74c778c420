import { pnorm } from '../stats/normal';

/**
 * Planning a before/after comparison (docs/linkage-method.md §2.4): pairs per campaign to
 * detect a change p₁ → p₂ with a given power, inflated by the design effects of clustering
 * and of weighting, and the power a planned size has. Pure.
 */

/** qnorm by bisection on pnorm (relative error ~1e-14): for the few quantiles planning needs. */
export function qnorm(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('qnorm: 0 < p < 1');
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (pnorm(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Power of the two-sided test of two proportions with n per group, as R's power.prop.test
 * (strict = FALSE): Φ((√n |p₁ − p₂| − z_{1−α/2} √(2 p̄ q̄)) / √(p₁q₁ + p₂q₂)), p̄ = (p₁ + p₂)/2.
 */
export function powerTwoProportions(n: number, p1: number, p2: number, alpha = 0.05): number {
  const pbar = (p1 + p2) / 2;
  return pnorm((Math.sqrt(n) * Math.abs(p1 - p2) - qnorm(1 - alpha / 2) * Math.sqrt(2 * pbar * (1 - pbar))) / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)));
}

/** The n per group (not rounded) at which powerTwoProportions reaches `power`: R's power.prop.test(p1, p2, power)$n. */
export function nForPower(p1: number, p2: number, power = 0.8, alpha = 0.05): number {
  if (p1 === p2) return Infinity;
  let lo = 1e-9;
  let hi = 1;
  while (powerTwoProportions(hi, p1, p2, alpha) < power) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (powerTwoProportions(mid, p1, p2, alpha) < power) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Kish's (1965) design effect of unequal weights for a stratified allocation: with pair
 * weights w_h = N_h / n_h, deff_w = n Σ n_h w_h² / (Σ n_h w_h)² = 1 + CV² of the weights.
 */
export function kishWeightingEffect(strata: { possible: number; count: number }[]): number {
  const used = strata.filter((h) => h.count > 0);
  const n = used.reduce((s, h) => s + h.count, 0);
  const s1 = used.reduce((s, h) => s + h.possible, 0); // Σ n_h w_h = Σ N_h
  const s2 = used.reduce((s, h) => s + (h.possible * h.possible) / h.count, 0); // Σ n_h w_h²
  return n > 0 && s1 > 0 ? (n * s2) / (s1 * s1) : 1;
}

export type ChangePlanInput = {
  before: number;
  after: number;
  power: number;
  alpha: number;
  /** Clustering: 1 + (m − 1)ρ, or a design effect measured in an earlier campaign. */
  designEffect: number;
  /** Kish's weighting effect (1 for an unstratified or proportionate design). */
  weightingEffect: number;
  /** For rates among reached pairs: the share expected unreachable (0 for rates among closed pairs). */
  unreachableShare: number;
  /** Pairs per campaign planned (optional): its power is then given. */
  plannedPairs: number | null;
};

export type ChangePlan = ChangePlanInput & {
  /** R's power.prop.test n for simple random samples, unrounded and rounded up. */
  nSimpleRandom: number;
  pairsSimpleRandom: number;
  /** Pairs per campaign after clustering, weighting and unreachable pairs. */
  pairsPerCampaign: number;
  powerAtPlanned: number | null;
  canAnswer: boolean | null;
  message: string;
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function planChange(input: ChangePlanInput): ChangePlan {
  const { before, after, power, alpha, designEffect, weightingEffect, unreachableShare, plannedPairs } = input;
  const inflation = (designEffect * weightingEffect) / (1 - unreachableShare);
  const nSimpleRandom = nForPower(before, after, power, alpha);
  // Rounded to 9 places first so floating noise does not add a pair.
  const ceil = (v: number) => Math.ceil(Math.round(v * 1e9) / 1e9);
  const pairsPerCampaign = ceil(nSimpleRandom * inflation);
  const powerAtPlanned = plannedPairs === null ? null : powerTwoProportions(plannedPairs / inflation, before, after, alpha);
  const canAnswer = powerAtPlanned === null ? null : powerAtPlanned >= power - 1e-9;
  const change = `a change from ${pct(before)} to ${pct(after)}`;
  let message = `To detect ${change} with ${pct(power)} power (two-sided ${pct(alpha)}), each campaign needs ${pairsPerCampaign} pairs.`;
  if (powerAtPlanned !== null) {
    message += canAnswer
      ? ` ${plannedPairs} pairs per campaign give ${pct(powerAtPlanned)} power: enough.`
      : ` ${plannedPairs} pairs per campaign give only ${pct(powerAtPlanned)} power: this campaign cannot answer its question (a real change of that size would be missed ${pct(1 - powerAtPlanned)} of the time).`;
  }
  return { ...input, nSimpleRandom, pairsSimpleRandom: ceil(nSimpleRandom), pairsPerCampaign, powerAtPlanned, canAnswer, message };
}
