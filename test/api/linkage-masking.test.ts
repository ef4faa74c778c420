import { createTestContext, type Client, type TestContext } from '../harness';
import { agreeToPublication, makeLinkageAssets, type LinkageFixture } from '../linkage-fixture';

/**
 * The one rule: a sensitive service's exact place never reaches anyone but coordinators
 * and admins. Pathway ends (lines and asset points) and a caller's worklist use the masked
 * point (site.geom_public, the 1 km grid-cell centre) for researchers, volunteers,
 * commissioners and the public.
 */
let ctx: TestContext;
let researcher: Client;
let coord: Client;
let vol: Client;
let anon: Client;
let fx: LinkageFixture;
let campaignId: string;
let exact: [number, number];
let masked: [number, number];

beforeAll(async () => {
  ctx = await createTestContext();
  [researcher, coord, vol, anon] = await Promise.all(['researcher', 'coordinator', 'volunteer', 'anon'].map((r) => ctx.as(r as never)));
  fx = await makeLinkageAssets(coord);
  // Per-service figures are public only with the services' agreement (issue 21): these tests read them as the public.
  await agreeToPublication(coord, fx);
  // Housing only: H1 → H2 and H2 → H1, the two possible pairs; H2 is sensitive.
  const c = await researcher.post('/api/campaigns', { name: 'Housing pathways', approach: 'simulated_enquiry', frame: { categories: ['housing'] }, design: { pairCount: 2 } });
  campaignId = c.body.id;
  expect((await researcher.post(`/api/campaigns/${campaignId}/draw`, { seed: 7 })).body.pairsDrawn).toBe(2);
  const site = await ctx.db.knex.raw(
    `SELECT ST_X(s.geom) AS x, ST_Y(s.geom) AS y, ST_X(s.geom_public) AS px, ST_Y(s.geom_public) AS py
     FROM asset_site l JOIN site s ON s.id = l.site_id WHERE l.asset_id = ?`,
    [fx.ids.H2],
  );
  exact = [site.rows[0].x, site.rows[0].y];
  masked = [site.rows[0].px, site.rows[0].py];
  expect(masked).not.toEqual(exact);
});
afterAll(async () => { await ctx.close(); });

function endOf(fc: { features: { geometry: { coordinates: [number, number][] }; properties: { aAssetId: string; bAssetId: string; aLocationPrecision: string; bLocationPrecision: string } }[] }, assetId: string) {
  const ends: { point: [number, number]; precision: string }[] = [];
  for (const f of fc.features) {
    if (f.properties.aAssetId === assetId) ends.push({ point: f.geometry.coordinates[0], precision: f.properties.aLocationPrecision });
    if (f.properties.bAssetId === assetId) ends.push({ point: f.geometry.coordinates[1], precision: f.properties.bLocationPrecision });
  }
  return ends;
}

test('pathway lines: the sensitive end is exact for coordinators, masked for researchers', async () => {
  const asCoord = (await coord.get(`/api/campaigns/${campaignId}/pathways.geojson`)).body;
  expect(asCoord.features).toHaveLength(2);
  expect(endOf(asCoord, fx.ids.H2)).toEqual([{ point: exact, precision: 'exact' }, { point: exact, precision: 'exact' }]);
  const res = await researcher.get(`/api/campaigns/${campaignId}/pathways.geojson`);
  expect(res.headers['content-type']).toMatch(/geo\+json/);
  expect(endOf(res.body, fx.ids.H2)).toEqual([{ point: masked, precision: 'grid_1km' }, { point: masked, precision: 'grid_1km' }]);
  expect(JSON.stringify(res.body)).not.toContain(String(exact[0]));
  // A non-sensitive end is exact for everyone.
  expect(endOf(res.body, fx.ids.H1).every((e) => e.precision === 'exact')).toBe(true);
});

test("a volunteer calling the sensitive service sees no address; its place is not in the worklist", async () => {
  const pairs = (await researcher.get(`/api/campaigns/${campaignId}/pairs`)).body.items as { id: string; a: { assetId: string } }[];
  const fromH2 = pairs.find((p) => p.a.assetId === fx.ids.H2)!;
  await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, pairIds: [fromH2.id] });
  const item = (await vol.get('/api/worklist')).body.items[0];
  expect(item.a.sites).toEqual([{ venueName: null, address: null, postcode: 'HX1', locationPrecision: 'grid_1km' }]);
  expect(JSON.stringify(item)).not.toContain('Hidden Lane');
  await vol.post(`/api/campaign-pairs/${fromH2.id}/attempts`, { attemptedAt: new Date().toISOString(), mode: 'phone', result: 'answered', outcome: 2 });
});

test('after publishing, the public gets masked lines and asset points', async () => {
  await researcher.post(`/api/campaigns/${campaignId}/close`, {});
  await researcher.post(`/api/campaigns/${campaignId}/publish`, {});
  const lines = (await anon.get(`/api/campaigns/${campaignId}/pathways.geojson?layer=lines`)).body;
  expect(endOf(lines, fx.ids.H2).map((e) => e.point)).toEqual([masked, masked]);
  const points = (await anon.get(`/api/campaigns/${campaignId}/pathways.geojson?layer=assets`)).body;
  const h2 = points.features.find((f: { properties: { assetId: string } }) => f.properties.assetId === fx.ids.H2);
  expect(h2.geometry.coordinates).toEqual(masked);
  expect(h2.properties).toMatchObject({ locationPrecision: 'grid_1km', contactedUnreachable: false, out: { x: 1, n: 1 } });
  const h1 = points.features.find((f: { properties: { assetId: string } }) => f.properties.assetId === fx.ids.H1);
  expect(h1.properties).toMatchObject({ locationPrecision: 'exact', in: { x: 1, n: 1 } });
  const asCoord = (await coord.get(`/api/campaigns/${campaignId}/pathways.geojson?layer=assets`)).body;
  expect(asCoord.features.find((f: { properties: { assetId: string } }) => f.properties.assetId === fx.ids.H2).geometry.coordinates).toEqual(exact);
});
