import type { Knex } from 'knex';
import { syntheticAssets, type SyntheticOptions } from './synthetic-assets';

/**
 * Triggers paused while synthetic rows go in (see loadSyntheticAssets): the audit trail's
 * insert triggers, the links' site-sensitivity refresh and the public read model's
 * maintenance (migrations 2026120110 and 2026120120 name them), the last two redone
 * once, in bulk, after.
 */
const PAUSED_TRIGGERS: [table: string, trigger: string][] = [
  ['site', 'site_audit_insert'],
  ['asset', 'asset_audit_insert'],
  ['asset_site', 'asset_site_audit_insert'],
  ['asset_site', 'asset_site_sensitivity'],
  ['asset', 'asset_public_insert'],
  ['asset', 'asset_public_update'],
  ['asset_site', 'asset_site_public_insert'],
  ['site', 'site_public_update'],
];
const BATCH = 2000;

export type LoadResult = { partnershipId: string; assets: number; insertMs: number; analyzeMs: number };

/**
 * A partnership and `n` published assets with one site each, written straight into
 * site / asset / asset_site in batches, geometry computed in SQL.
 *
 * The audit, per-link sensitivity and read-model triggers are paused for the load and enabled again
 * after: the trail of synthetic rows is never read by the listing being measured, and
 * the sensitivity refresh is done once for all sensitive sites instead of once per row.
 * Everything else (indexes, constraints, foreign keys, the site geometry trigger) stays.
 */
export async function loadSyntheticAssets(
  knex: Knex,
  n: number,
  options: SyntheticOptions = {},
  progress: (done: number) => void = () => {},
): Promise<LoadResult> {
  const started = performance.now();
  const [{ id: partnershipId }] = await knex('partnership').insert({ name: 'Benchmark partnership', slug: 'bench' }).returning('id');
  for (const [table, trigger] of PAUSED_TRIGGERS) await knex.raw('ALTER TABLE ?? DISABLE TRIGGER ??', [table, trigger]);
  try {
    let batch = [];
    let done = 0;
    for (const a of syntheticAssets(n, options)) {
      batch.push(a);
      if (batch.length === BATCH) {
        await insertBatch(knex, partnershipId, batch);
        done += batch.length;
        progress(done);
        batch = [];
      }
    }
    if (batch.length) {
      await insertBatch(knex, partnershipId, batch);
      progress(done + batch.length);
    }
    // What the paused sensitivity trigger would have done: mask every site a sensitive asset uses.
    await knex.raw(
      'SELECT waymark_refresh_site_sensitivity(ARRAY(SELECT x.site_id FROM asset_site x JOIN asset a ON a.id = x.asset_id WHERE a.sensitive))',
    );
    // And what the read model's triggers would have done, in one set-based statement.
    await knex.raw('SELECT waymark_refresh_public_assets(ARRAY(SELECT id FROM asset WHERE partnership_id = ?))', [partnershipId]);
  } finally {
    for (const [table, trigger] of PAUSED_TRIGGERS) await knex.raw('ALTER TABLE ?? ENABLE TRIGGER ??', [table, trigger]);
  }
  const insertMs = performance.now() - started;
  // VACUUM as well as ANALYZE: a live database has been vacuumed, so index-only scans and
  // planner estimates should see a settled table, not one fresh from a bulk load.
  const analyzeStarted = performance.now();
  for (const t of ['site', 'asset', 'asset_site', 'partnership', 'public_asset', 'public_asset_site']) await knex.raw('VACUUM ANALYZE ??', [t]);
  return { partnershipId, assets: n, insertMs, analyzeMs: performance.now() - analyzeStarted };
}

type Row = ReturnType<typeof syntheticAssets> extends Generator<infer R> ? R : never;

async function insertBatch(knex: Knex, partnershipId: string, rows: Row[]): Promise<void> {
  await knex.transaction(async (trx) => {
    // One statement per batch: the points travel as JSON and become geometries in SQL.
    await trx.raw(
      // geom_grid and geom_public are filled by the site_geometries trigger, as for the app.
      `INSERT INTO site (id, partnership_id, venue_name, geom)
       SELECT r.id, ?, r.venue, ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326)
       FROM json_to_recordset(?::json) AS r(id uuid, venue text, lng float8, lat float8)`,
      [partnershipId, JSON.stringify(rows.map((a) => ({ id: a.siteId, venue: `${a.name} venue`, lng: a.lng, lat: a.lat })))],
    );
    await trx('asset').insert(
      rows.map((a) => ({
        id: a.assetId,
        partnership_id: partnershipId,
        name: a.name,
        description: a.description,
        category: a.category,
        tags: a.tags,
        who_for: a.whoFor,
        peer_led: a.peerLed,
        sensitive: a.sensitive,
        status: 'published',
        learned_from: 'import',
        published_at: trx.raw('now()'),
        last_verified_at: trx.raw(`now() - make_interval(days => ?)`, [a.verifiedDaysAgo]),
      })),
    );
    await trx('asset_site').insert(rows.map((a) => ({ asset_id: a.assetId, site_id: a.siteId })));
  });
}
