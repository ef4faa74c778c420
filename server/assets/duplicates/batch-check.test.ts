import { checkColumns } from './batch-check';
import { duplicatesInBatch, type BatchCandidate, type BatchPair } from './batch';
import { foldText, rawWords, wordsToCount, type TermWeights } from './names';
import { asciiTrigrams, haversineMetres, isAsciiName, pairsWorthScoring } from './pairs';
import { closeWorkers, openSession } from '../../workers/tasks';

/**
 * The import's check as a session of steps (batch-check.ts, on a worker from 200 records)
 * must answer exactly as pairsWorthScoring and duplicatesInBatch called on whole records:
 * the same pairs, the same verdicts, on a worker or on this thread.
 */
afterAll(() => closeWorkers());

const WORDS = ['Oak', 'Café', 'Cafe', 'Recovery', 'Halifax', 'Group', 'Walk', 'Walkers', 'SMART', 'Monday', 'Saturday', 'House', '2', '3', 'Choir', "St. John's", 'Ōak', 'Straße'];
const rand = (() => { let s = 7; return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31); })();
const entries = Array.from({ length: 300 }, (_, i) => {
  const name = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  // A 3 km square around Halifax: many pairs within reach.
  const point = { lat: 53.7 + rand() * 0.027, lng: -1.9 + rand() * 0.045 };
  return {
    name, point, status: i % 4 ? 'pending' : 'published', category: i % 3 ? 'mutual_aid' : 'other',
    phone: rand() < 0.1 ? '01422 555111' : null, email: null, website: rand() < 0.05 ? 'https://example.org' : null,
    organisationId: rand() < 0.05 ? '00000000-0000-4000-8000-00000000000a' : null,
    schedule: rand() < 0.2 ? [{ day: Math.floor(rand() * 7), start: '10:00' }] : [],
  };
});
const ids = entries.map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
// What the database says of the names not plain ASCII (any trigram sets and words will do here).
const asked = entries.flatMap((e, i) => (isAsciiName(e.name) ? [] : [i]));
const trigrams = new Map(asked.map((i) => [i, asciiTrigrams(foldText(entries[i].name))!]));
const words = new Map(asked.map((i) => [i, rawWords(entries[i].name)]));
// Every fifth record has a registry candidate named as another record.
const registry = new Map<number, BatchCandidate[]>();
entries.forEach((_, i) => {
  if (i % 5) return;
  registry.set(i, [{
    id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, name: entries[(i * 7) % entries.length].name, status: 'published', category: 'mutual_aid',
    trigram: 0.5, distanceMetres: (i * 37) % 2000,
  }]);
});
const weights: TermWeights = { names: 40, counts: { oak: 10, recovery: 20, group: 15 } };

/** The old way: whole records, then the pairs scored (a fixed trigram, the haversine distance). */
const records = entries.map((e, i) => ({
  ...e, ...e.point, id: ids[i], ...(isAsciiName(e.name) ? {} : { trigrams: trigrams.get(i)!, words: words.get(i)! }),
}));
const worth = pairsWorthScoring(records, {
  registryCounts: records.map((_, i) => registry.get(i)?.length ?? 0), registryWeights: weights, registryCandidates: records.map((_, i) => registry.get(i) ?? []),
});
const scored = (pairs: { earlier: number; later: number }[]): BatchPair[] =>
  pairs.map((p) => ({ ...p, trigram: 0.5, distanceMetres: haversineMetres(records[p.earlier], records[p.later]) }));
const verdicts = duplicatesInBatch(records, registry, scored(worth), weights);

test.each([['on a worker', entries.length], ['on this thread', 0]])('the steps give the pairs and verdicts of the whole-record functions, %s', async (_, size) => {
  expect(asked.length).toBeGreaterThan(20);
  expect(worth.length).toBeGreaterThan(100);
  expect(verdicts.filter(Boolean).length).toBeGreaterThan(30);
  const check = await openSession('batchCheck', [checkColumns(entries, ids)], size);
  try {
    expect(new Set(await check.call('wordsToCount'))).toEqual(new Set(wordsToCount(entries.map((e) => e.name))));
    await check.call('setAsked', { trigrams, words });
    const pairs = await check.call('pairsWorthScoring', registry, weights);
    expect(pairs).toEqual(worth);
    expect(await check.call('duplicates', scored(pairs))).toEqual(verdicts);
  } finally {
    check.close();
  }
});
