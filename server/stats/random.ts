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
};

export function seededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed must be an integer in 0…${MAX_SEED}`);
  const rng: RandomGenerator = xoroshiro128plus(seed);
  return { int: (from, to) => unsafeUniformIntDistribution(from, to, rng) };
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
