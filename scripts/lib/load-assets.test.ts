import { createTestContext, type TestContext } from '../../test/harness';
import { loadSyntheticAssets } from './load-assets';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

test('the bulk loader leaves sites masked exactly as the row triggers would, and the triggers back on', async () => {
  const result = await loadSyntheticAssets(ctx.db.knex, 400, { seed: 7, sensitiveEvery: 10 });
  expect(result.assets).toBe(400);
  const { rows } = await ctx.db.knex.raw(
    `SELECT a.sensitive, s.sensitive AS site_sensitive, ST_Equals(s.geom_public, CASE WHEN a.sensitive THEN s.geom_grid ELSE s.geom END) AS public_ok
     FROM asset a JOIN asset_site x ON x.asset_id = a.id JOIN site s ON s.id = x.site_id WHERE a.partnership_id = ?`,
    [result.partnershipId],
  );
  expect(rows).toHaveLength(400);
  expect(rows.filter((r: { sensitive: boolean }) => r.sensitive).length).toBe(40);
  expect(rows.every((r: { sensitive: boolean; site_sensitive: boolean; public_ok: boolean }) => r.sensitive === r.site_sensitive && r.public_ok)).toBe(true);
  const { rows: triggers } = await ctx.db.knex.raw(`SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN ('site'::regclass, 'asset'::regclass, 'asset_site'::regclass)`);
  expect(triggers.filter((t: { tgenabled: string }) => t.tgenabled !== 'O')).toEqual([]);
});
