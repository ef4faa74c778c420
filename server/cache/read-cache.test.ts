import { VersionedCache } from './read-cache';

test('an entry is served only for the version it was computed at, and only while fresh', async () => {
  let now = 0;
  const cache = new VersionedCache<string>(10, 1000, () => now);
  let computed = 0;
  const compute = (v: string) => async () => { computed++; return v; };
  expect(await cache.get('k', 1, compute('a'))).toBe('a');
  expect(await cache.get('k', 1, compute('b'))).toBe('a');
  expect(computed).toBe(1);
  expect(await cache.get('k', 2, compute('c'))).toBe('c');
  now = 999;
  expect(await cache.get('k', 2, compute('d'))).toBe('c');
  now = 2000;
  expect(await cache.get('k', 2, compute('e'))).toBe('e');
  expect(computed).toBe(3);
});

test('concurrent misses share one computation; failures are not kept; the least recent entry goes first', async () => {
  const cache = new VersionedCache<number>(2, 60_000);
  let calls = 0;
  const slow = async () => { calls++; await new Promise((r) => setTimeout(r, 10)); return 7; };
  expect(await Promise.all([cache.get('a', 1, slow), cache.get('a', 1, slow), cache.get('a', 1, slow)])).toEqual([7, 7, 7]);
  expect(calls).toBe(1);
  await expect(cache.get('bad', 1, async () => { throw new Error('x'); })).rejects.toThrow('x');
  expect(await cache.get('bad', 1, async () => 3)).toBe(3);
  await cache.get('a', 1, slow); // a is now the most recent
  await cache.get('c', 1, async () => 4); // evicts 'bad'
  expect(cache.size).toBe(2);
  expect(await cache.get('a', 1, async () => 99)).toBe(7);
  expect(await cache.get('bad', 1, async () => 5)).toBe(5);
});
