import { createTestContext, type TestContext } from '../harness';
import { writeTransaction } from '../../server/audit/transaction';

/**
 * The set-based triggers (migration 2026120110) on statements that touch many rows at
 * once, as bulk imports write: the audit rows are the row trigger's (one per row, the
 * row's to_jsonb without password hashes, none for a no-op), a site's sensitivity
 * follows every link and status change made in one statement, and the read-cache
 * counter moves once per transaction.
 */
let ctx: TestContext;
let actor: string;
let partnershipId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  actor = (await ctx.as('coordinator')).userId!;
  partnershipId = (await ctx.db.knex('partnership').first('id')).id;
});
afterAll(async () => ctx.close());

const knex = () => ctx.db.knex;
const lastAuditId = async () => Number((await knex()('audit_log').max('id as m'))[0].m ?? 0);
const since = (id: number) => knex()('audit_log').where('id', '>', id).orderBy('id');

test('a multi-row insert audits each row exactly as to_jsonb shows it, geometries included', async () => {
  const mark = await lastAuditId();
  const ids: string[] = await writeTransaction(knex(), actor, async (trx) => (await trx.raw(
    `INSERT INTO site (partnership_id, venue_name, geom) SELECT ?, 'Bulk ' || g, ST_SetSRID(ST_MakePoint(-1.86 + g * 0.001, 53.72), 4326)
     FROM generate_series(1, 3) g RETURNING id`, [partnershipId],
  )).rows.map((r: { id: string }) => r.id));
  const entries = await since(mark);
  expect(entries.map((e) => [e.table_name, e.action, e.actor_id, e.before])).toEqual(ids.map(() => ['site', 'insert', actor, null]));
  expect(entries.map((e) => e.row_id).sort()).toEqual([...ids].sort());
  const rows = (await knex().raw(`SELECT id::text, to_jsonb(s) AS j FROM site s WHERE id = ANY(?::uuid[])`, [ids])).rows;
  for (const r of rows) expect(entries.find((e) => e.row_id === r.id)!.after).toEqual(r.j);
  expect(entries[0].after.geom).toMatchObject({ type: 'Point', crs: { type: 'name', properties: { name: 'EPSG:4326' } } });
});

test('a multi-row update audits the rows that changed, before and after, without password hashes', async () => {
  const users = await knex()('app_user').orderBy('email').limit(3).select('id', 'display_name');
  const mark = await lastAuditId();
  // The first keeps its name (a no-op: no entry); the others change.
  await writeTransaction(knex(), actor, (trx) => trx.raw(
    `UPDATE app_user SET display_name = CASE WHEN id = ? THEN display_name ELSE display_name || ' (bulk)' END WHERE id = ANY(?::uuid[])`,
    [users[0].id, users.map((u) => u.id)],
  ));
  const entries = await since(mark);
  expect(entries.map((e) => e.row_id).sort()).toEqual([users[1].id, users[2].id].sort());
  for (const e of entries) {
    const u = users.find((x) => x.id === e.row_id)!;
    expect([e.action, e.actor_id, e.before.display_name, e.after.display_name]).toEqual(['update', actor, u.display_name, `${u.display_name} (bulk)`]);
    expect('password_hash' in e.before || 'password_hash' in e.after).toBe(false);
  }
  const deleted = await lastAuditId();
  await writeTransaction(knex(), actor, (trx) => trx('login_attempt').delete());
  expect(await since(deleted)).toEqual([]); // not an audited table
});

test('sensitivity follows links and statuses changed many rows at a time', async () => {
  const sensitiveOf = async (ids: string[]) => (await knex()('site').whereIn('id', ids).orderBy('id').select('sensitive')).map((r) => r.sensitive);
  const { siteIds, assetIds } = await writeTransaction(knex(), actor, async (trx) => {
    const s = (await trx.raw(`INSERT INTO site (partnership_id, geom) SELECT ?, ST_SetSRID(ST_MakePoint(-1.9 + g * 0.01, 53.7), 4326) FROM generate_series(1, 3) g RETURNING id`, [partnershipId])).rows.map((r: { id: string }) => r.id);
    const a = (await trx.raw(
      `INSERT INTO asset (partnership_id, name, category, sensitive, status, tags, who_for, schedule)
       SELECT ?, 'Refuge ' || g, 'housing', true, 'published', '{}', '{}', '[]' FROM generate_series(1, 2) g RETURNING id`, [partnershipId],
    )).rows.map((r: { id: string }) => r.id);
    // One statement: refuge 1 at sites 0 and 1, refuge 2 at site 1.
    await trx.raw(`INSERT INTO asset_site (asset_id, site_id) VALUES (?, ?), (?, ?), (?, ?)`, [a[0], s[0], a[0], s[1], a[1], s[1]]);
    return { siteIds: s, assetIds: a };
  });
  const sorted = [...siteIds].sort();
  const expectFor = (flags: Record<string, boolean>) => sorted.map((id) => flags[id]);
  expect(await sensitiveOf(siteIds)).toEqual(expectFor({ [siteIds[0]]: true, [siteIds[1]]: true, [siteIds[2]]: false }));
  const publicIsGrid = await knex()('site').whereIn('id', [siteIds[0], siteIds[1]]).select(knex().raw('ST_Equals(geom_public, geom_grid) AS masked'));
  expect(publicIsGrid.every((r) => r.masked)).toBe(true);
  // Archive refuge 1 alone (one statement, two assets named, one changing): site 1 stays sensitive for refuge 2.
  await writeTransaction(knex(), actor, (trx) => trx('asset').whereIn('id', assetIds).update({ status: trx.raw(`CASE WHEN id = ? THEN 'archived' ELSE status END`, [assetIds[0]]) }));
  expect(await sensitiveOf(siteIds)).toEqual(expectFor({ [siteIds[0]]: false, [siteIds[1]]: true, [siteIds[2]]: false }));
  // Move refuge 2 from site 1 to site 2 by deleting and inserting links in bulk.
  await writeTransaction(knex(), actor, async (trx) => {
    await trx('asset_site').whereIn('asset_id', assetIds).delete();
    await trx('asset_site').insert([{ asset_id: assetIds[1], site_id: siteIds[2] }]);
  });
  expect(await sensitiveOf(siteIds)).toEqual(expectFor({ [siteIds[0]]: false, [siteIds[1]]: false, [siteIds[2]]: true }));
});

test('the read-cache counter moves once per committed transaction, however many rows it wrote', async () => {
  const version = async () => Number((await knex()('read_cache_version').first('version')).version);
  const before = await version();
  await writeTransaction(knex(), actor, async (trx) => {
    await trx.raw(`INSERT INTO site (partnership_id, geom) SELECT ?, ST_SetSRID(ST_MakePoint(-1.8, 53.7 + g * 0.001), 4326) FROM generate_series(1, 50) g`, [partnershipId]);
    await trx('organisation').insert({ partnership_id: partnershipId, name: 'Bulk Org', kind: 'other' });
  });
  expect(await version()).toBe(before + 1);
  await writeTransaction(knex(), actor, (trx) => trx('organisation').where({ name: 'Bulk Org' }).update({ name: 'Bulk Org 2' }));
  expect(await version()).toBe(before + 2);
  await expect(writeTransaction(knex(), actor, async (trx) => {
    await trx('organisation').where({ name: 'Bulk Org 2' }).update({ name: 'Bulk Org 3' });
    throw new Error('roll back');
  })).rejects.toThrow('roll back');
  expect(await version()).toBe(before + 2);
});

test('bulk-written assets: version snapshots are to_jsonb of the asset and its sites, masked sites audited as to_jsonb shows them, only published ones in the read model', async () => {
  const { insertAssets } = await import('../../server/interop/files/repo');
  const { assetCreateSchema } = await import('../../server/assets/schemas');
  const input = (name: string, extra: Record<string, unknown>) => assetCreateSchema.parse({ name, category: 'housing', sites: [{ lat: 53.71, lng: -1.87 }], ...extra });
  const ids = await writeTransaction(knex(), actor, (trx) => insertAssets(trx, partnershipId, actor, [
    { input: input('Snapshot Refuge', { sensitive: true, sites: [{ lat: 53.712, lng: -1.871 }, { lat: 53.722, lng: -1.861, postcode: 'HX1 1AA', venueName: 'Hall' }] }), status: 'published' },
    { input: input('Snapshot Café', { whoFor: ['women'], phone: '01422 100200', schedule: [{ day: 2, start: '10:00', end: '12:00' }] }), status: 'pending' },
    { input: input('Snapshot Club', {}), status: 'published' },
  ]));
  // The reference: the concatenation snapshotVersions used to build, with PostGIS's own jsonb cast for the geometry.
  const { rows } = await knex().raw(
    `SELECT a.id::text, v.snapshot = (to_jsonb(a) || jsonb_build_object('sites', coalesce((
              SELECT jsonb_agg((to_jsonb(s) - 'geom_grid' - 'geom_public' - 'geom_mask_area') ORDER BY s.id)
              FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = a.id), '[]'::jsonb))) AS same,
            jsonb_array_length(v.snapshot->'sites') AS sites
     FROM asset a JOIN asset_version v ON v.asset_id = a.id AND v.version = a.version WHERE a.id = ANY(?::uuid[]) ORDER BY a.name`, [ids],
  );
  expect(rows.map((r: { same: boolean; sites: number }) => [r.same, r.sites])).toEqual([[true, 1], [true, 1], [true, 2]]);
  const audited = (await knex().raw(
    `SELECT s.sensitive, s.geom_mask_area IS NOT NULL AS masked, (SELECT l.after FROM audit_log l WHERE l.table_name = 'site' AND l.row_id = s.id::text ORDER BY l.id DESC LIMIT 1) = to_jsonb(s) AS same
     FROM site s JOIN asset_site x ON x.site_id = s.id WHERE x.asset_id = ANY(?::uuid[]) ORDER BY s.sensitive`, [ids],
  )).rows;
  expect(audited).toEqual([
    { sensitive: false, masked: false, same: true }, { sensitive: false, masked: false, same: true },
    { sensitive: true, masked: true, same: true }, { sensitive: true, masked: true, same: true },
  ]);
  const published = (await knex()('public_asset').whereIn('asset_id', ids).select('name')).map((r) => r.name).sort();
  expect(published).toEqual(['Snapshot Club', 'Snapshot Refuge']);
  expect(Number((await knex()('public_asset_site').whereIn('asset_id', ids).count('* as n'))[0].n)).toBe(3);
});
