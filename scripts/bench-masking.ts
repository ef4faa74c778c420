/**
 * What does k-anonymous masking (migration 2026112401) cost? With Calderdale's 7,442
 * postcodes loaded, on each engine:
 *   - writing a site: ordinary vs sensitive (the trigger counts postcodes in 1 km / 2 km
 *     cells and, when needed, aggregates the outward code), median per single-row INSERT;
 *   - re-masking every sensitive site at once (what a postcode load or a change of k runs);
 *   - the duplicate check: exact matching (coordinators) vs masked (everyone else).
 *
 *   npx tsx scripts/bench-masking.ts --sites 400 --checks 300
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-masking.ts
 */
import { parseArgs } from 'node:util';
import { findDuplicateCandidates } from '../server/assets/duplicates/repo';
import { insertPostcodes } from '../seeds/reference';
import { parsePostcodes, readSeedFile, REFERENCE_FILES } from '../seeds/reference-files';
import { seededRandom } from '../seeds/seeded-random';
import { freshDatabase, type Engine } from './lib/bench-db';
import { percentile } from './lib/measure';

const { values: args } = parseArgs({ options: { sites: { type: 'string', default: '400' }, checks: { type: 'string', default: '300' } } });
const SITES = Number(args.sites);
const CHECKS = Number(args.checks);
if (!(Number.isInteger(SITES) && SITES >= 2 && Number.isInteger(CHECKS) && CHECKS >= 1)) throw new Error('--sites ≥ 2 and --checks ≥ 1, whole numbers');

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
const timed = async (work: () => Promise<unknown>) => {
  const t = performance.now();
  await work();
  return performance.now() - t;
};

async function benchEngine(engine: Engine): Promise<void> {
  const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  const { knex } = bench.db;
  try {
    const postcodes = parsePostcodes(readSeedFile(REFERENCE_FILES.postcodes)).postcodes;
    await knex.transaction((trx) => insertPostcodes(trx, postcodes));
    const [{ id: partnershipId }] = await knex('partnership').insert({ name: 'Masking bench', slug: 'masking' }).returning('id');
    const live = postcodes.filter((p) => p.terminatedOn === null);
    const r = seededRandom(7);
    // Near a random live postcode (up to ~150 m off), with that postcode: as real records are.
    const place = () => {
      const p = r.pick(live);
      return { p, lat: p.lat + (r.int(-1000, 1000) / 1000) * 0.00135, lng: p.lng + (r.int(-1000, 1000) / 1000) * 0.00225 };
    };
    const insertMs: Record<'ordinary' | 'sensitive', number[]> = { ordinary: [], sensitive: [] };
    const siteIds: string[] = [];
    for (let i = 0; i < SITES; i++) {
      const kind = i % 2 ? 'sensitive' : 'ordinary';
      const { p, lat, lng } = place();
      insertMs[kind].push(await timed(async () => {
        const [row] = await knex('site')
          .insert({ partnership_id: partnershipId, postcode: p.postcode, sensitive: kind === 'sensitive', geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]) })
          .returning('id');
        siteIds.push(row.id);
      }));
    }
    const precisions: { location_precision: string; n: unknown }[] = await knex('site').where({ sensitive: true }).select('location_precision').count('* as n').groupBy('location_precision');
    const remaskMs = await timed(() => knex.raw('UPDATE site SET geom = geom WHERE sensitive'));
    // One published asset per site, named alike, so every duplicate check has candidates.
    const assets = await knex('asset')
      .insert(siteIds.map((_, i) => ({ partnership_id: partnershipId, name: `Recovery Cafe ${i % 20}`, category: 'recovery_community', status: 'published', sensitive: i % 2 === 1 })))
      .returning('id');
    await knex('asset_site').insert(assets.map((a: { id: string }, i: number) => ({ asset_id: a.id, site_id: siteIds[i] })));
    const checkMs: Record<'exact' | 'masked', number[]> = { exact: [], masked: [] };
    for (let i = 0; i < CHECKS; i++) {
      const { lat, lng } = place();
      for (const access of ['exact', 'masked'] as const) {
        checkMs[access].push(await timed(() => findDuplicateCandidates(knex, { partnershipId, name: 'Recovery Cafe 3', points: [{ lat, lng }], access, pendingOnlyIfCreatedBy: access === 'masked' ? '00000000-0000-0000-0000-000000000000' : undefined })));
      }
    }
    console.log(`\n${bench.label}: ${postcodes.length} postcodes, ${SITES} sites (half sensitive), ${CHECKS} duplicate checks`);
    console.log(`  site INSERT, median ms: ordinary ${median(insertMs.ordinary).toFixed(2)}, sensitive ${median(insertMs.sensitive).toFixed(2)} (×${(median(insertMs.sensitive) / median(insertMs.ordinary)).toFixed(1)})`);
    console.log(`  sensitive sites by precision: ${precisions.map((p) => `${p.location_precision} ${p.n}`).join(', ')}`);
    console.log(`  re-mask all ${SITES / 2} sensitive sites: ${remaskMs.toFixed(0)} ms (${(remaskMs / (SITES / 2)).toFixed(2)} ms each)`);
    console.log(`  duplicate check, median ms: exact ${median(checkMs.exact).toFixed(2)}, masked ${median(checkMs.masked).toFixed(2)}; p99 exact ${percentile([...checkMs.exact].sort((a, b) => a - b), 99).toFixed(2)}, masked ${percentile([...checkMs.masked].sort((a, b) => a - b), 99).toFixed(2)}`);
  } finally {
    await bench.dispose();
  }
}

async function main(): Promise<void> {
  await benchEngine('embedded');
  if (process.env.BENCH_DATABASE_URL) await benchEngine('server');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
