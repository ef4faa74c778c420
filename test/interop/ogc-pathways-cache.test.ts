import { createTestContext, type Client, type TestContext } from '../harness';
import { makeLinkageAssets, type LinkageFixture } from '../linkage-fixture';

/**
 * Issue 23: /ogc's pathways collection is kept per data version (assets and linkage), so a
 * linkage write (publish, unpublish, a service's publication agreement) must show in the
 * very next read, on both engines; and the exact and masked answers are separate entries,
 * so a masked viewer never gets the exact end a coordinator's read put in the cache.
 */
let ctx: TestContext;
let researcher: Client, coord: Client, anon: Client;
let fx: LinkageFixture;
let campaignId: string;
let exact: [number, number];
let masked: [number, number];

const ITEMS = '/ogc/collections/pathways/items';
const ok = (res: { status: number; body: any }, what: string) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
/** The H2 (sensitive) ends of a pathways page. */
const h2Ends = (body: any) => body.features.flatMap((f: any) => [
  ...(f.properties.aAssetId === fx.ids.H2 ? [f.geometry.coordinates[0]] : []),
  ...(f.properties.bAssetId === fx.ids.H2 ? [f.geometry.coordinates[1]] : []),
]);

beforeAll(async () => {
  ctx = await createTestContext();
  [researcher, coord, anon] = await Promise.all(['researcher', 'coordinator', 'anon'].map((r) => ctx.as(r as never)));
  fx = await makeLinkageAssets(coord);
  // Housing only: H1 → H2 and H2 → H1; H2 is sensitive.
  campaignId = ok(await researcher.post('/api/campaigns', { name: 'Housing pathways', approach: 'simulated_enquiry', frame: { categories: ['housing'] }, design: { pairCount: 2 } }), 'campaign').id;
  expect(ok(await researcher.post(`/api/campaigns/${campaignId}/draw`, { seed: 7 }), 'draw').pairsDrawn).toBe(2);
  ok(await researcher.post(`/api/campaigns/${campaignId}/close`, {}), 'close');
  const site = (await ctx.db.knex.raw(
    `SELECT ST_X(s.geom) AS x, ST_Y(s.geom) AS y, ST_X(s.geom_public) AS px, ST_Y(s.geom_public) AS py FROM asset_site l JOIN site s ON s.id = l.site_id WHERE l.asset_id = ?`,
    [fx.ids.H2],
  )).rows[0];
  exact = [site.x, site.y];
  masked = [site.px, site.py];
  expect(masked).not.toEqual(exact);
});
afterAll(async () => { await ctx.close(); });

test('publish, agreements and unpublish each change the next pathways read; exact and masked answers are never shared', async () => {
  // Closed, not yet published: nobody's /ogc shows it (and the empty answer is now cached).
  expect((await anon.get(ITEMS)).body.numberMatched).toBe(0);
  expect((await coord.get(ITEMS)).body.numberMatched).toBe(0);

  ok(await researcher.post(`/api/campaigns/${campaignId}/publish`, {}), 'publish');
  // The coordinator reads first, so an exact answer is in the cache before the public asks.
  const asCoord = await coord.get(ITEMS);
  expect(asCoord.body.numberMatched).toBe(2);
  expect(h2Ends(asCoord.body)).toEqual([exact, exact]);
  // Beyond the team, only pathways between services that agreed to publication: none yet.
  const before = await anon.get(ITEMS);
  expect(before.status).toBe(200);
  expect(before.body.numberMatched).toBe(0);
  expect(before.headers.etag).not.toBe(asCoord.headers.etag);

  for (const assetId of [fx.ids.H1, fx.ids.H2]) ok(await coord.post('/api/linkage/service-agreements', { assetId, agreed: true }), 'agreement');
  const after = await anon.get(ITEMS).set('If-None-Match', before.headers.etag);
  expect(after.status).toBe(200);
  expect(after.headers.etag).not.toBe(before.headers.etag);
  expect(after.body.numberMatched).toBe(2);
  expect(h2Ends(after.body)).toEqual([masked, masked]);
  expect(JSON.stringify(after.body)).not.toContain(String(exact[0]));
  // The same version again: the same ETag, so a client's copy is confirmed (304), not resent.
  expect((await anon.get(ITEMS).set('If-None-Match', after.headers.etag)).status).toBe(304);
  // The coordinator's answer at that version is still the exact one.
  expect(h2Ends((await coord.get(ITEMS)).body)).toEqual([exact, exact]);

  ok(await researcher.post(`/api/campaigns/${campaignId}/unpublish`, {}), 'unpublish');
  expect((await anon.get(ITEMS)).body.numberMatched).toBe(0);
  expect((await coord.get(ITEMS)).body.numberMatched).toBe(0);
  const one = (await ctx.db.knex('campaign_pair').where({ campaign_id: campaignId }).first('id')).id;
  expect((await anon.get(`${ITEMS}/${one}`)).status).toBe(404);
});
