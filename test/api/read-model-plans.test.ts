import type { Knex } from 'knex';
import { createTestContext, type TestContext } from '../harness';

/**
 * The read model's refresh must stay linear in the rows it refreshes whatever the
 * planner's statistics say. Statistics are stale all through a bulk import (one
 * transaction; autovacuum cannot see its rows), and the record builder once let the
 * planner scan the whole of `site` once per asset there: a 100,000-row first import into
 * an empty registry never finished (migration 2026120260). Timing would be flaky, so
 * this counts what the refresh reads (rows fetched from the read model's tables, which
 * a quadratic plan multiplies by the batch size) and checks the record builder's plan,
 * run for real: no table fully scanned more than once. Index probes per row are fine,
 * and what a good plan does.
 */
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx.close());

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Actual Loops'?: number; Plans?: PlanNode[] };
const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];
const FULL_SCANS = new Set(['Seq Scan', 'Bitmap Heap Scan']);

/** Rolled back at the end: the statistics, the rows and the refreshes with it. */
async function inRolledBackTransaction(work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  const rollback = new Error('rollback');
  await ctx.db.knex.transaction(async (trx) => { await work(trx); throw rollback; }).catch((err) => { if (err !== rollback) throw err; });
}

const READ_MODEL_TABLES = ['asset', 'site', 'asset_site', 'public_asset', 'public_asset_site'];
/** Rows this transaction has read from those tables so far, by any scan (pg_stat_xact_user_tables). */
async function rowsRead(trx: Knex.Transaction): Promise<number> {
  const { rows } = await trx.raw(
    `SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0)::bigint AS n FROM pg_stat_xact_user_tables WHERE relname = ANY (?)`, [READ_MODEL_TABLES]);
  return Number(rows[0].n);
}

test('building the read model for a freshly bulk-written batch stays linear: no table rescanned per asset', async () => {
  const N = 3000;
  await inRolledBackTransaction(async (trx) => {
    // The statistics of the registry as it stands, then a bulk write they know nothing of,
    // into a read model as a new registry has it: no place rows, analysed while empty.
    for (const table of ['site', 'asset', 'asset_site']) await trx.raw(`ANALYZE ${table}`);
    await trx.raw('TRUNCATE public_asset_site');
    await trx.raw('ANALYZE public_asset_site');
    const partnershipId = (await trx('partnership').first('id')).id;
    await trx.raw(
      `CREATE TEMP TABLE plan_src ON COMMIT DROP AS
       SELECT gen_random_uuid() AS asset_id, gen_random_uuid() AS site_id, g FROM generate_series(1, ?) g`, [N]);
    await trx.raw(
      `INSERT INTO site (id, partnership_id, venue_name, geom)
       SELECT site_id, ?, 'Plan venue ' || g, ST_SetSRID(ST_MakePoint(-1.9 + g * 1e-5, 53.7), 4326) FROM plan_src`, [partnershipId]);
    await trx.raw(
      `INSERT INTO asset (id, partnership_id, name, category, status) SELECT asset_id, ?, 'Plan asset ' || g, 'mutual_aid', 'published' FROM plan_src`,
      [partnershipId]);

    // The links, in two batches as the importer writes them, refresh the read model for all N
    // assets (their records gain a place). A linear refresh reads each row a handful of times.
    // The nested loops it once ran read one side again for every row of the other (N² =
    // 9,000,000 here), and the second batch's record rewrites once ran a foreign-key cascade
    // per record over the place rows the first batch wrote.
    const before = await rowsRead(trx);
    for (const batch of [0, 1]) await trx.raw('INSERT INTO asset_site (asset_id, site_id) SELECT asset_id, site_id FROM plan_src WHERE g % 2 = ?', [batch]);
    const read = (await rowsRead(trx)) - before;
    expect(read).toBeGreaterThanOrEqual(N); // the counter works: the refresh read the new rows at least once
    expect(read).toBeLessThan(100 * N);
    const built = (await trx.raw('SELECT count(*)::int AS n FROM public_asset_site WHERE asset_id IN (SELECT asset_id FROM plan_src)')).rows[0].n;
    expect(built).toBe(N);

    // The record builder's own plan, run for real: no full scan repeated per asset. (The ids
    // as a value: a subquery argument would stop the function being inlined, and EXPLAIN
    // would show only a Function Scan.)
    const ids = (await trx.raw('SELECT asset_id FROM plan_src')).rows.map((r: { asset_id: string }) => r.asset_id);
    const { rows } = await trx.raw('EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM waymark_public_asset_rows(?::uuid[])', [ids]);
    const plan = (typeof rows[0]['QUERY PLAN'] === 'string' ? JSON.parse(rows[0]['QUERY PLAN']) : rows[0]['QUERY PLAN'])[0];
    const repeatedScans = nodesOf(plan.Plan)
      .filter((n) => FULL_SCANS.has(n['Node Type']) && READ_MODEL_TABLES.includes(n['Relation Name'] ?? '') && (n['Actual Loops'] ?? 0) > 1)
      .map((n) => `${n['Node Type']} on ${n['Relation Name']} × ${n['Actual Loops']}`);
    expect(repeatedScans).toEqual([]);
  });
});
