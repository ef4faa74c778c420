import { duplicatesInBatch, type BatchCandidate, type BatchRecord } from './batch';
import { judgeDuplicate } from './score';
import { weightsOfNames } from './names';

/**
 * The batch rule is the one-by-one rule replayed in order: worked by hand with
 * judgeDuplicate's model (score.ts): name score s = weighted Dice of the words
 * (equal weights with no registry), reach = 150 m × 16^((s − 0.55) / 0.45).
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

test('distance beyond the reach of a weaker name does not match', () => {
  // {fern, walk} vs {fern, walk, club}: Dice 2·2/5 = 0.8 → reach 150 × 16^(0.25/0.45) = 700 m.
  expect(judgeDuplicate({ name: 'Fern Walk' }, { name: 'Fern Walk Club', distanceMetres: 0 }).reachMetres).toBe(700);
  // Once a and b are accepted the counts hold them (N = 2; fern, walk in 2: ln(22/3) = 1.992; club
  // in 1: ln 11 = 2.398): 4 × 1.992 / (4 × 1.992 + 2.398) = 0.769 → reach 577 m for c.
  const records = [rec('a', 'Fern Walk Club'), rec('b', 'Fern Walk'), rec('c', 'Fern Walk')];
  const out = duplicatesInBatch(records, new Map(), [
    { earlier: 0, later: 1, trigram: 0.7, distanceMetres: 750 },
    { earlier: 0, later: 2, trigram: 0.7, distanceMetres: 550 },
  ]);
  expect(out).toEqual([null, null, { id: 'a', name: 'Fern Walk Club', status: 'pending' }]);
});

test('each accepted row joins the word counts before the next is judged, as if written one by one', () => {
  // No registry (every word ln 20). Rows 0 and 1 are accepted; then N = 2, halifax in 2 names:
  // ln(22/3) = 1.992; choir, walk in 1: ln(22/2) = 2.398; club in none: ln 22 = 3.091.
  // "Halifax Choir Club" vs "Halifax Choir": 2·(1.992 + 2.398) / (2·(1.992 + 2.398) + 3.091) = 0.740
  // → reach 150 × 16^(0.190/0.45) = 483 m (with every word the same it would be 0.8 → 700 m).
  const records = [rec('a', 'Halifax Choir'), rec('b', 'Halifax Walk'), rec('c', 'Halifax Choir Club')];
  const counted = weightsOfNames(['Halifax Choir', 'Halifax Walk']);
  expect(judgeDuplicate({ name: 'Halifax Choir Club' }, { name: 'Halifax Choir', distanceMetres: 0 }, counted).reachMetres).toBe(483);
  expect(duplicatesInBatch(records, new Map(), [{ earlier: 0, later: 2, trigram: 0.8, distanceMetres: 600 }])).toEqual([null, null, null]);
  expect(duplicatesInBatch(records, new Map(), [{ earlier: 0, later: 2, trigram: 0.8, distanceMetres: 450 }])).toEqual([null, null, { id: 'a', name: 'Halifax Choir', status: 'pending' }]);
});

test('of several likely duplicates the best score wins, as duplicatesFor orders them', () => {
  // Same name (s = 1) at 400 m vs 100 m: score = 1 × (0.5 + 0.5 × 2^(−d/500)) → 0.79 vs 0.94.
  const far: BatchCandidate = { id: 'r-far', name: 'Ivy House', status: 'published', trigram: 1, distanceMetres: 400 };
  const near: BatchCandidate = { id: 'r-near', name: 'Ivy House', status: 'pending', trigram: 1, distanceMetres: 100 };
  const out = duplicatesInBatch([rec('a', 'Ivy House')], new Map([[0, [far, near]]]), []);
  expect(out).toEqual([{ id: 'r-near', name: 'Ivy House', status: 'pending' }]);
});

test('different meeting days: another meeting, even at the same place', () => {
  // s = 1 × 0.4 (no day in common) < 0.55.
  const records = [rec('a', 'AA Halifax', { schedule: [{ day: 1 }] }), rec('b', 'AA Halifax', { schedule: [{ day: 6 }] })];
  expect(duplicatesInBatch(records, new Map(), [{ earlier: 0, later: 1, trigram: 1, distanceMetres: 0 }])).toEqual([null, null]);
  const sameDay = [records[0], rec('b', 'AA Halifax', { schedule: [{ day: 1 }] })];
  expect(duplicatesInBatch(sameDay, new Map(), [{ earlier: 0, later: 1, trigram: 1, distanceMetres: 300 }])).toEqual([null, { id: 'a', name: 'AA Halifax', status: 'pending' }]);
});
