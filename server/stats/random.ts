import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/**
 * The one seeded random source for draws and bootstraps: pure-rand's xoroshiro128+
 * seeded with a 31-bit integer, and its unbiased integer distribution (rejection, never
 * modulo). The same seed gives the same sequence on every machine and Node version.
 */
export const MAX_SEED = 2 ** 31 - 1;

export type SeededRandom = {
  /** A uniform integer in [from, to], both included. */
  int(from: number, to: number): number;
  /** A uniform integer in [0, n), n ≤ 2^21: the fast path for bootstrap resampling. */
  below(n: number): number;
  /** `out.length` uniform integers in [0, n): the same values as that many below(n) calls. */
  fillBelow(n: number, out: Int32Array): void;
};

const TWO_32 = 2 ** 32;

function checkBound(n: number): void {
  if (!(n >= 1 && n <= 2 ** 21 && Number.isInteger(n))) throw new RangeError('below(n): 1 ≤ n ≤ 2^21');
}

/**
 * Lemire (2019), "Fast random integer generation in an interval": multiply a 32-bit draw
 * by n and keep the high part, rejecting the few low parts that would bias it. Exact; the
 * product stays below 2^53, so doubles hold it without rounding.
 */
function lemire(rng: RandomGenerator, n: number): number {
  let product = (rng.unsafeNext() >>> 0) * n;
  let low = product % TWO_32;
  if (low < n) {
    const threshold = (TWO_32 - n) % n;
    while (low < threshold) {
      product = (rng.unsafeNext() >>> 0) * n;
      low = product % TWO_32;
    }
  }
  return Math.floor(product / TWO_32);
}

export function seededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed must be an integer in 0…${MAX_SEED}`);
  const rng: RandomGenerator = xoroshiro128plus(seed);
  return {
    int: (from, to) => unsafeUniformIntDistribution(from, to, rng),
    below: (n) => {
      checkBound(n);
      return lemire(rng, n);
    },
    fillBelow: (n, out) => {
      checkBound(n);
      for (let i = 0; i < out.length; i++) out[i] = lemire(rng, n);
    },
  };
}

/** Fisher–Yates (Durstenfeld) shuffle in place: position i swaps with a uniform j in [i, n − 1]. */
export function shuffleInPlace<T>(items: T[], random: SeededRandom): T[] {
  for (let i = 0; i < items.length - 1; i++) {
    const j = random.int(i, items.length - 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}
