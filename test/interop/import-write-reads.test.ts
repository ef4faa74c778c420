import type { Knex } from 'knex';
import { createTestContext, type TestContext } from '../harness';
import { snapshotVersions } from '../../server/assets/write-repo';

/**
 * An import writes in batches, and what each batch's statements read must grow with the
 * batch, not with the registry: the link triggers (site sensitivity, read model) and the
 * version snapshots were joins the planner ran as hash joins over all of asset, site and
 * asset_site, once per batch, so a batch late in a large import read every row the
 * earlier ones wrote. Timing would be flaky, so this counts the rows the statements read
 * (pg_stat_xact_user_tables: sequential scans' rows and index fetches), with a registry
 * twenty times the batch, analysed, as a bulk import finds it.
 */
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx.close());

const TABLES = ['asset', 'site', 'asset_site', 'public_asset'];
async function rowsRead(trx: Knex.Transaction): Promise<number> {
  const { rows } = await trx.raw(
    `SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0)::bigint AS n FROM pg_stat_xact_user_tables WHERE relname = ANY (?)`, [TABLES]);
  return Number(rows[0].n);
}

/** Rolled back at the end: the rows and the statistics with it. */
async function inRolledBackTransaction(work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  const rollback = new Error('rollback');
  await ctx.db.knex.transaction(async (trx) => { await work(trx); throw rollback; }).catch((err) => { if (err !== rollback) throw err; });
}

/** `n` new pending assets, each with a new site, numbered from `from`; links not yet made. */
async function newRows(trx: Knex.Transaction, partnershipId: string, from: number, n: number, status: string): Promise<void> {
  await trx.raw(`INSERT INTO reads_src SELECT gen_random_uuid(), gen_random_uuid(), g FROM generate_series(?::int, ?::int) g`, [from, from + n - 1]);
  await trx.raw(
    `INSERT INTO site (id, partnership_id, venue_name, geom)
     SELECT site_id, ?, 'Reads venue ' || g, ST_SetSRID(ST_MakePoint(-1.9 + g * 1e-5, 53.7), 4326) FROM reads_src WHERE g BETWEEN ? AND ?`, [partnershipId, from, from + n - 1]);
  await trx.raw(
    `INSERT INTO asset (id, partnership_id, name, category, status) SELECT asset_id, ?, 'Reads asset ' || g, 'mutual_aid', ? FROM reads_src WHERE g BETWEEN ? AND ?`,
    [partnershipId, status, from, from + n - 1]);
}

test("a batch's links and version snapshots read rows by key: a few per row of the batch, not the registry", async () => {
  const REGISTRY = 4000;
  const BATCH = 200;
  await inRolledBackTransaction(async (trx) => {
    const partnershipId = (await trx('partnership').first('id')).id;
    await trx.raw('CREATE TEMP TABLE reads_src (asset_id uuid, site_id uuid, g int) ON COMMIT DROP');
    await newRows(trx, partnershipId, 1, REGISTRY, 'published');
    await trx.raw('INSERT INTO asset_site (asset_id, site_id) SELECT asset_id, site_id FROM reads_src');
    for (const table of ['site', 'asset', 'asset_site', 'public_asset']) await trx.raw(`ANALYZE ${table}`);

    // One import batch: pending assets and their sites, then the links, then the versions.
    await newRows(trx, partnershipId, REGISTRY + 1, BATCH, 'pending');
    const beforeLinks = await rowsRead(trx);
    await trx.raw('INSERT INTO asset_site (asset_id, site_id) SELECT asset_id, site_id FROM reads_src WHERE g > ?', [REGISTRY]);
    const linksRead = (await rowsRead(trx)) - beforeLinks;
    const ids = (await trx.raw('SELECT asset_id FROM reads_src WHERE g > ? ORDER BY g', [REGISTRY])).rows.map((r: { asset_id: string }) => r.asset_id);
    const beforeVersions = await rowsRead(trx);
    await snapshotVersions(trx, ids, null);
    const versionsRead = (await rowsRead(trx)) - beforeVersions;

    // The counter works (the foreign-key checks alone fetch each link's asset and site), and
    // the new pending links changed nothing the public sees or any site's sensitivity.
    expect(linksRead).toBeGreaterThanOrEqual(2 * BATCH);
    expect(linksRead).toBeLessThan(10 * BATCH);
    expect(versionsRead).toBeGreaterThanOrEqual(BATCH);
    expect(versionsRead).toBeLessThan(10 * BATCH);
    const versions = (await trx.raw(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE jsonb_array_length(snapshot->'sites') = 1 AND snapshot->>'name' LIKE 'Reads asset %')::int AS whole
       FROM asset_version WHERE asset_id = ANY (?::uuid[])`, [ids])).rows[0];
    expect(versions).toEqual({ n: BATCH, whole: BATCH });
    expect(Number((await trx('public_asset').whereIn('asset_id', ids).count('* as n'))[0].n)).toBe(0);

    // Statistics a bulk import has left stale can steer the planner from nested loops to
    // hash joins (bench:load's stall scenario: each snapshot batch scanned all of site per
    // asset). With nested loops off, the snapshots must still read each row by key.
    await newRows(trx, partnershipId, REGISTRY + BATCH + 1, BATCH, 'pending');
    await trx.raw('INSERT INTO asset_site (asset_id, site_id) SELECT asset_id, site_id FROM reads_src WHERE g > ?', [REGISTRY + BATCH]);
    const laterIds = (await trx.raw('SELECT asset_id FROM reads_src WHERE g > ? ORDER BY g', [REGISTRY + BATCH])).rows.map((r: { asset_id: string }) => r.asset_id);
    await trx.raw('SET LOCAL enable_nestloop = off');
    const beforeSteered = await rowsRead(trx);
    await snapshotVersions(trx, laterIds, null);
    const steeredRead = (await rowsRead(trx)) - beforeSteered;
    await trx.raw('SET LOCAL enable_nestloop = on');
    expect(steeredRead).toBeGreaterThanOrEqual(BATCH);
    expect(steeredRead).toBeLessThan(10 * BATCH);
    expect(Number((await trx('site').whereIn('id', trx('reads_src').where('g', '>', REGISTRY).select('site_id')).where('sensitive', true).count('* as n'))[0].n)).toBe(0);
  });
});
