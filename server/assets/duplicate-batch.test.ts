import { duplicatesInBatch, type BatchCandidate, type BatchRecord } from './duplicate-batch';
import { judgeDuplicate } from './duplicate-score';

/**
 * The batch rule is the one-by-one rule replayed in order: worked by hand with
 * judgeDuplicate's model (duplicate-score.ts): name score s = max(token-set, trigram),
 * reach = 150 m × 16^((s − 0.3) / 0.7).
 */
const rec = (id: string, name: string, extra: Partial<BatchRecord> = {}): BatchRecord => ({ id, name, status: 'pending', ...extra });

test('a later row is judged against an earlier accepted row of the batch', () => {
  // "Oak Café" vs "Oak Cafe": same words once accents are off, token-set score 1 → reach 2,400 m; 800 m apart.
  const records = [rec('a', 'Oak Café'), rec('b', 'Oak Cafe')];
  const out = duplicatesInBatch(records, new Map(), [{ earlier: 0, later: 1, trigram: 0.6, distanceMetres: 800 }]);
  expect(out).toEqual([null, { id: 'a', name: 'Oak Café', status: 'pending' }]);
});

test('an earlier row rejected as a duplicate is not a candidate for later ones', () => {
  const registryTwin: BatchCandidate = { id: 'r1', name: 'Elm Choir', status: 'published', trigram: 1, distanceMetres: 30 };
  const records = [rec('a', 'Elm Choir'), rec('b', 'Elm Choir')];
  // Row 0 is the registry's twin; row 1 lies near row 0 only (3 km from the registry record, beyond any reach).
  const out = duplicatesInBatch(records, new Map([[0, [registryTwin]]]), [{ earlier: 0, later: 1, trigram: 1, distanceMetres: 100 }]);
  expect(out).toEqual([{ id: 'r1', name: 'Elm Choir', status: 'published' }, null]);
});

test('distance beyond the reach of a weak name does not match', () => {
  // Trigram 0.4, token sets {fernwalk} vs {fern, walk, club} share nothing → s = 0.4, reach = 150 × 16^(0.1/0.7) = 222 m.
  const reach = 150 * 16 ** (0.1 / 0.7);
  expect(judgeDuplicate({ name: 'Fernwalk' }, { name: 'Fern Walk Club', trigram: 0.4, distanceMetres: 0 }).reachMetres).toBe(Math.round(reach));
  const records = [rec('a', 'Fern Walk Club'), rec('b', 'Fernwalk'), rec('c', 'Fernwalk')];
  const out = duplicatesInBatch(records, new Map(), [
    { earlier: 0, later: 1, trigram: 0.4, distanceMetres: 230 },
    { earlier: 0, later: 2, trigram: 0.4, distanceMetres: 200 },
  ]);
  expect(out).toEqual([null, null, { id: 'a', name: 'Fern Walk Club', status: 'pending' }]);
});

test('of several likely duplicates the best score wins, as duplicatesFor orders them', () => {
  // Same name (s = 1) at 400 m vs 100 m: score = 1 × (0.5 + 0.5 × 2^(−d/500)) → 0.79 vs 0.94.
  const far: BatchCandidate = { id: 'r-far', name: 'Ivy House', status: 'published', trigram: 1, distanceMetres: 400 };
  const near: BatchCandidate = { id: 'r-near', name: 'Ivy House', status: 'pending', trigram: 1, distanceMetres: 100 };
  const out = duplicatesInBatch([rec('a', 'Ivy House')], new Map([[0, [far, near]]]), []);
  expect(out).toEqual([{ id: 'r-near', name: 'Ivy House', status: 'pending' }]);
});

test('different meeting days shrink the reach: same place matches, 300 m apart does not', () => {
  // s = 1 × 0.4 (no day in common) = 0.4 → reach 150 × 16^(0.1/0.7) = 222 m.
  const records = [rec('a', 'AA Halifax', { schedule: [{ day: 1 }] }), rec('b', 'AA Halifax', { schedule: [{ day: 6 }] })];
  expect(duplicatesInBatch(records, new Map(), [{ earlier: 0, later: 1, trigram: 1, distanceMetres: 0 }]))
    .toEqual([null, { id: 'a', name: 'AA Halifax', status: 'pending' }]);
  expect(duplicatesInBatch(records, new Map(), [{ earlier: 0, later: 1, trigram: 1, distanceMetres: 300 }])).toEqual([null, null]);
});
