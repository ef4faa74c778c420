import { seededRandom, shuffleInPlace, type SeededRandom } from '../stats/random';
import { capacityOf, type Capacity } from './capacity';
import { canonicalFrame, exclusionRule, planStrata, stratumKey, type DrawDesign, type FrameAsset, type StratumPlan } from './frame';

/**
 * The reproducible draw of ordered pairs (documented in docs/linkage-method.md, "Draw").
 *
 * 1. The frame is sorted by asset id; strata are planned (allowed pairs counted exactly).
 * 2. Capacity is checked exactly (capacity.ts); asking for more is a TooManyPairs naming
 *    the most possible, before any random number is drawn.
 * 3. With xoroshiro128+ seeded by the campaign's seed, strata are filled tightest first
 *    (requested ÷ most drawable, ties in the order given). Each pair is drawn uniformly
 *    from the stratum's allowed pairs not yet drawn whose A is under the contact cap —
 *    sequential sampling without replacement. Large strata draw (A, B) uniformly and reject
 *    disallowed, repeated or capped pairs; small or densely sampled strata (N_h ≤ 200,000 or
 *    count ≥ N_h / 4) shuffle the enumerated allowed pairs lazily (Fisher–Yates) and take
 *    them in order, skipping capped As. The two are the same distribution.
 * 4. If the cap makes a stratum run dry (possible only near the capacity limit), the draw
 *    starts again from step 3, continuing the same random stream, up to 25 times.
 * 5. The drawn pairs are shuffled once more so pair numbers (and bulk assignment by pair
 *    number) mix strata.
 * Same seed + same frame + same design → the same pairs with the same numbers.
 */
export type DrawnPair = { pairNumber: number; aId: string; bId: string; stratum: string };

export class TooManyPairs extends Error {
  constructor(readonly problems: { field: string; maximum: number }[], readonly capacity: Capacity) {
    super(problems.map((p) => `${p.field}: at most ${p.maximum} pairs are possible`).join('; '));
  }
}

export class DrawFailed extends Error {}

const ENUMERATE_LIMIT = 200_000;
const RETRIES = 25;

export function checkCapacity(frame: FrameAsset[], design: DrawDesign): { plans: StratumPlan[]; capacity: Capacity; frame: FrameAsset[] } {
  const sorted = canonicalFrame(frame);
  const plans = planStrata(sorted, design);
  const capacity = capacityOf(design, plans);
  const problems: { field: string; maximum: number }[] = [];
  const stratified = design.strata.length > 0;
  capacity.strata.forEach((h, i) => {
    if (stratified && h.requested > h.maxDrawable) problems.push({ field: `design.strata.${i}.count`, maximum: h.maxDrawable });
  });
  const requested = capacity.strata.reduce((s, h) => s + h.requested, 0);
  if (requested > capacity.maxRequestedTogether) {
    problems.push({ field: 'design.pairCount', maximum: stratified ? capacity.maxRequestedTogether : capacity.maxDrawable });
  }
  if (problems.length) throw new TooManyPairs(problems, capacity);
  return { plans, capacity, frame: sorted };
}

export function drawPairs(frame: FrameAsset[], design: DrawDesign, seed: number): DrawnPair[] {
  return drawWithCapacity(frame, design, seed).pairs;
}

/** The draw and what the capacity check found (per-stratum N_h, the weights of the estimates). */
export function drawWithCapacity(frame: FrameAsset[], design: DrawDesign, seed: number): { pairs: DrawnPair[]; plans: StratumPlan[]; capacity: Capacity } {
  const { plans, capacity, frame: sorted } = checkCapacity(frame, design);
  const random = seededRandom(seed);
  const excluded = exclusionRule(sorted, design);
  const cap = design.maxContactsPerService ?? Infinity;
  const order = plans
    .map((p, i) => ({ i, tightness: p.count / Math.max(1, p.validPerA.reduce((s, v) => s + Math.min(cap, v), 0)) }))
    .sort((x, y) => y.tightness - x.tightness || x.i - y.i)
    .map((x) => x.i);

  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const contacts = new Int32Array(sorted.length);
    const drawn: { a: number; b: number; stratum: string }[] = [];
    let ok = true;
    for (const h of order) {
      const plan = plans[h];
      const got = drawStratum(plan, excluded, contacts, cap, random);
      if (got === null) { ok = false; break; }
      for (const [a, b] of got) drawn.push({ a, b, stratum: stratumKey(plan) });
    }
    if (!ok) continue;
    shuffleInPlace(drawn, random);
    return { plans, capacity, pairs: drawn.map((d, i) => ({ pairNumber: i + 1, aId: sorted[d.a].id, bId: sorted[d.b].id, stratum: d.stratum })) };
  }
  throw new DrawFailed('The contact cap leaves too little room for a random draw of this size; lower a count or raise the cap.');
}

/** One stratum's pairs as frame indices, or null when the cap leaves too few. */
function drawStratum(plan: StratumPlan, excluded: (a: number, b: number) => boolean, contacts: Int32Array, cap: number, random: SeededRandom): [number, number][] | null {
  const wanted = plan.count;
  if (wanted === 0) return [];
  const chosen: [number, number][] = [];
  const nb = plan.bIndex.length;
  const taken = new Set<number>();
  if (plan.possible > ENUMERATE_LIMIT && wanted * 4 < plan.possible) {
    let rejections = 0;
    const limit = 50 * wanted + 10_000;
    while (chosen.length < wanted && rejections < limit) {
      const ap = random.int(0, plan.aIndex.length - 1);
      const bp = random.int(0, nb - 1);
      const a = plan.aIndex[ap];
      const b = plan.bIndex[bp];
      const key = ap * nb + bp;
      if (contacts[a] >= cap || taken.has(key) || excluded(a, b)) { rejections++; continue; }
      taken.add(key);
      contacts[a]++;
      chosen.push([a, b]);
    }
    if (chosen.length === wanted) return chosen;
  }
  // Enumerate the allowed pairs still open, then a lazy Fisher–Yates over them.
  const as: number[] = [];
  const bs: number[] = [];
  plan.aIndex.forEach((a, ap) => {
    if (contacts[a] >= cap) return;
    plan.bIndex.forEach((b, bp) => {
      if (!taken.has(ap * nb + bp) && !excluded(a, b)) { as.push(a); bs.push(b); }
    });
  });
  for (let i = 0; i < as.length && chosen.length < wanted; i++) {
    const j = random.int(i, as.length - 1);
    [as[i], as[j]] = [as[j], as[i]];
    [bs[i], bs[j]] = [bs[j], bs[i]];
    if (contacts[as[i]] >= cap) continue;
    contacts[as[i]]++;
    chosen.push([as[i], bs[i]]);
  }
  return chosen.length === wanted ? chosen : null;
}
