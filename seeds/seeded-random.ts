import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/**
 * Small helpers over a seeded generator (pure-rand's xoroshiro128+), so the demo data is
 * the same on every machine for a given seed. Nothing here reads the clock or Math.random.
 */
export type Random = {
  /** A whole number in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One item, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** n distinct items in random order (all of them when n ≥ length). */
  sample<T>(items: readonly T[], n: number): T[];
  shuffle<T>(items: readonly T[]): T[];
};

const CHANCE_RESOLUTION = 1_000_000;

export function seededRandom(seed: number): Random {
  const generator: RandomGenerator = xoroshiro128plus(seed);
  const int = (min: number, max: number) => unsafeUniformIntDistribution(min, max, generator);
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return {
    int,
    chance: (p) => int(0, CHANCE_RESOLUTION - 1) < p * CHANCE_RESOLUTION,
    pick: (items) => {
      if (!items.length) throw new Error('cannot pick from an empty list');
      return items[int(0, items.length - 1)];
    },
    weighted: (items) => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let ticket = int(0, total - 1);
      for (const [item, weight] of items) {
        if (ticket < weight) return item;
        ticket -= weight;
      }
      throw new Error('weights must be positive whole numbers');
    },
    sample: (items, n) => shuffle(items).slice(0, n),
    shuffle,
  };
}
