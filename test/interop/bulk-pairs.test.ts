import type { Knex } from 'knex';
import { createTestDb } from '../harness';
import { destination } from '../geo-reference';
import type { Db } from '../../server/db';
import { asciiTrigrams, haversineMetres, pairsWorthScoring, trigramUpperBound } from '../../server/assets/duplicates/pairs';
import { duplicatesInBatch, type BatchCandidate, type BatchRecord } from '../../server/assets/duplicates/batch';
import { askNames, findBatchRegistryCandidates, scoreBatchPairs, type BatchProbe } from '../../server/assets/duplicates/repo';
import { insertAssets } from '../../server/interop/files/repo';
import { assetCreateSchema } from '../../server/assets/schemas';
import { normaliseEmail, normalisePhone } from '../../server/assets/duplicates/score';

/**
 * The bulk import scores only the pairs duplicates/pairs.ts picks. Against the database:
 * its bounds hold for every pair (pg_trgm's score never above the trigram bound, PostGIS's
 * distance never below the distance bound), and judging a file with only the picked pairs
 * gives exactly the verdicts of judging it with every pair within reach. Plain ASCII names'
 * trigrams are worked out in JavaScript: they must be pg_trgm's.
 */
let db: Db;
beforeAll(async () => { db = await createTestDb(); });
afterAll(async () => db.close());

// 400 records, 80 of them within 400 m (so more than 50 candidates each: every pair kept)
// and the rest in a 6 km disc, named from few words (so many are alike), some with days,
// numbers, accents, shared phones and organisations: a file dense in near-duplicates.
const WORDS = ['Oak', 'Café', 'Cafe', 'Recovery', 'Halifax', 'Group', 'Walk', 'Walkers', 'SMART', 'Monday', 'Saturday', 'House', 'the', '2', '3', 'Sowerby', 'Bridge', 'Choir', "St. John's", 'AA-Halifax', 'group_2', 'Ōak', 'x', 'Straße'];
const rand = (() => { let s = 42; return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31); })();
const records: (BatchRecord & { lat: number; lng: number })[] = Array.from({ length: 400 }, (_, i) => {
  const words = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  const p = destination(53.7105, -1.9102, rand() * 360, Math.sqrt(rand()) * (i % 5 === 0 ? 400 : 6000));
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, status: 'pending', name: words.join(' '), ...p,
    phone: rand() < 0.1 ? `01422 55${Math.floor(rand() * 5)}` + '111' : null,
    organisationId: rand() < 0.1 ? '00000000-0000-4000-8000-00000000000a' : null,
    schedule: rand() < 0.2 ? [{ day: Math.floor(rand() * 7) }] : [],
  };
});

const probes: BatchProbe[] = records.map((r) => ({
  name: r.name, lat: r.lat, lng: r.lng, phone: r.phone ?? null, email: null, organisationId: r.organisationId ?? null,
  phoneDigits: normalisePhone(r.phone), emailNormalised: normaliseEmail(null),
}));

async function inTransaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const trx = await db.knex.transaction();
  try { return await fn(trx); } finally { await trx.rollback(); }
}

test('the bounds hold for every pair, and the picked pairs give exactly the verdicts of all pairs', async () => {
  await inTransaction(async (trx) => {
    const asked = (await askNames(trx, probes.map((p) => p.name), records.map((_, i) => i))).trigrams;
    const ascii = records.map((r) => asciiTrigrams(r.name));
    const sorted = (t: string[]) => [...t].sort();
    expect(ascii.filter(Boolean).length).toBeGreaterThan(200);
    expect(ascii.filter((t) => !t).length).toBeGreaterThan(20);
    expect(ascii.flatMap((t, i) => (t && JSON.stringify(sorted(t)) !== JSON.stringify(sorted(asked.get(i)!)) ? [records[i].name] : []))).toEqual([]);
    const trigrams = records.map((_, i) => asked.get(i)!);
    const all = records.flatMap((_, later) => records.slice(0, later).map((__, earlier) => ({ earlier, later })));
    const { rows } = await trx.raw(
      `WITH probe AS (SELECT r.i, waymark_fold(r.name) AS folded, ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326) AS geom FROM json_to_recordset(?::json) AS r(i int, name text, lat float8, lng float8))
       SELECT e.i AS earlier, l.i AS later, (similarity(e.folded, l.folded) + greatest(word_similarity(e.folded, l.folded), word_similarity(l.folded, e.folded))) / 2 AS trigram,
              ST_Distance(e.geom::geography, l.geom::geography) AS d
       FROM probe e JOIN probe l ON e.i < l.i`,
      [JSON.stringify(probes.map((p, i) => ({ i, name: p.name, lat: p.lat, lng: p.lng })))],
    );
    expect(rows).toHaveLength(all.length);
    const ids = new Map<string, number>();
    const sets = trigrams.map((t) => Int32Array.from(new Set(t.map((x) => ids.get(x) ?? ids.set(x, ids.size).get(x)!))).sort());
    const broken = rows.filter((r: { earlier: number; later: number; trigram: number; d: number }) =>
      Number(r.trigram) > trigramUpperBound(sets[r.earlier], sets[r.later])
      || Number(r.d) < 0.98 * haversineMetres(records[r.earlier], records[r.later]));
    expect(broken).toEqual([]);

    const every = await scoreBatchPairs(trx, probes, all);
    const picked = pairsWorthScoring(records.map((r, i) => ({ ...r, trigrams: ascii[i] ?? trigrams[i] })));
    const some = await scoreBatchPairs(trx, probes, picked);
    // The case is worth having: many alike pairs, most of them dropped, and several duplicates found.
    // The case is worth having:
    // many alike pairs, a good share of them dropped, and many duplicates found.
    expect(every.length).toBeGreaterThan(3000);
    expect(some.length).toBeLessThan(every.length * 0.7);
    const expected = duplicatesInBatch(records, new Map(), every);
    expect(expected.filter(Boolean).length).toBeGreaterThan(60);
    expect(duplicatesInBatch(records, new Map(), some)).toEqual(expected);

    // With registry candidates (each of every third record gets up to 3, named as other
    // records, some alike): the pairs picked knowing them give the verdicts of all pairs too.
    const registry = new Map<number, BatchCandidate[]>();
    records.forEach((_, i) => {
      if (i % 3) return;
      registry.set(i, Array.from({ length: 1 + (i % 3) + Math.floor(rand() * 3) }, (__, k) => {
        const like = records[Math.floor(rand() * records.length)];
        return { id: `00000000-0000-4000-9000-${String(i * 10 + k).padStart(12, '0')}`, status: 'published', name: like.name, phone: like.phone, organisationId: like.organisationId,
          schedule: like.schedule, trigram: 0.15 + rand() * 0.85, distanceMetres: rand() * 2400 };
      }));
    });
    const withRegistry = duplicatesInBatch(records, registry, every);
    expect(withRegistry.filter(Boolean).length).toBeGreaterThan(expected.filter(Boolean).length);
    const registryCandidates = records.map((_, i) => registry.get(i) ?? []);
    const pickedKnowing = pairsWorthScoring(records.map((r, i) => ({ ...r, trigrams: ascii[i] ?? trigrams[i] })), { registryCounts: registryCandidates.map((c) => c.length), registryCandidates });
    expect(duplicatesInBatch(records, registry, await scoreBatchPairs(trx, probes, pickedKnowing))).toEqual(withRegistry);
  });
});

test('the registry candidates looked up a slice of probes at a time are those of one statement for all', async () => {
  await inTransaction(async (trx) => {
    const partnershipId = (await trx('partnership').first('id')).id;
    // Every fifth record of the file already in the registry (published), then the whole file as probes.
    await insertAssets(trx, partnershipId, null, records.filter((_, i) => i % 5 === 1).map((r) => ({
      input: assetCreateSchema.parse({ name: `${r.name} place`, category: 'mutual_aid', phone: r.phone ?? undefined, sites: [{ lat: r.lat, lng: r.lng }] }), status: 'published' as const,
    })));
    const whole = await findBatchRegistryCandidates(trx, partnershipId, probes, records.length);
    expect([...whole.values()].flat().length).toBeGreaterThan(1000);
    expect(await findBatchRegistryCandidates(trx, partnershipId, probes, 37)).toEqual(whole);
  });
});
