import { createTestContext, type TestContext } from '../harness';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

test('volunteer creates, coordinator publishes, anonymous sees', async () => {
  const vol = await ctx.as('volunteer');
  const res = await vol.post('/api/assets', {
    name: 'Calder Recovery Café', category: 'recovery_community', whoFor: ['women'],
    schedule: [{ day: 2, start: '10:00', end: '12:00' }],
    sites: [{ lat: 53.7245, lng: -1.862, address: '1 Test Street', postcode: 'hx1 1aa' }],
  });
  expect(res.status).toBe(201);
  expect(res.body.asset.status).toBe('pending');
  expect(res.body.asset.sites[0].postcode).toBe('HX1 1AA');
  const id = res.body.asset.id;
  const anon = await ctx.as('anon');
  expect((await anon.get(`/api/assets/${id}`)).status).toBe(404);
  const coord = await ctx.as('coordinator');
  const pub = await coord.post(`/api/assets/${id}/publish`, {});
  expect(pub.status).toBe(200);
  expect(pub.body.asset.status).toBe('published');
  const list = await anon.get('/api/assets?format=geojson');
  expect(list.status).toBe(200);
  expect(list.body.features.map((f: { properties: { assetId: string } }) => f.properties.assetId)).toContain(id);
});
