import { createTestContext, type Client, type TestContext } from '../harness';

/** Issue 5, item 11: organisations are reviewed like assets; websites are http(s); archived ones are for reviewers. */
let ctx: TestContext;
let vol: Client;
let coord: Client;
let anon: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  vol = await ctx.as('volunteer');
  coord = await ctx.as('coordinator');
  anon = await ctx.as('anon');
});
afterAll(async () => { await ctx.close(); });

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((o) => o.name);

test("a volunteer's organisation waits for review: only they and reviewers see it until it is published", async () => {
  const created = await vol.post('/api/organisations', { name: 'Volunteer Recovery Network', kind: 'lero' });
  expect(created.status).toBe(201);
  expect(created.body.status).toBe('pending');
  const id = created.body.id;
  const commissioner = await ctx.as('commissioner');
  for (const who of [anon, commissioner]) {
    expect(names(await who.get('/api/organisations'))).not.toContain('Volunteer Recovery Network');
    expect((await who.get(`/api/organisations/${id}`)).status).toBe(404);
  }
  expect(names(await vol.get('/api/organisations'))).toContain('Volunteer Recovery Network');
  expect((await vol.get(`/api/organisations/${id}`)).status).toBe(200);
  expect(names(await coord.get('/api/organisations?status=pending'))).toContain('Volunteer Recovery Network');
  expect((await anon.get('/api/organisations?status=pending')).status).toBe(403);

  expect((await vol.post(`/api/organisations/${id}/publish`)).status).toBe(403);
  const published = await coord.post(`/api/organisations/${id}/publish`);
  expect(published.status).toBe(200);
  expect(published.body.status).toBe('published');
  expect(names(await anon.get('/api/organisations'))).toContain('Volunteer Recovery Network');
  expect((await coord.post(`/api/organisations/${id}/reject`, { reason: 'Too late' })).status).toBe(409);
});

test('a coordinator may reject with a reason; a rejected organisation stays hidden', async () => {
  const id = (await vol.post('/api/organisations', { name: 'Not Really An Organisation', kind: 'other' })).body.id;
  const noReason = await coord.post(`/api/organisations/${id}/reject`, {});
  expect(noReason.status).toBe(400);
  expect(noReason.body.error.details[0].field).toBe('reason');
  const rejected = await coord.post(`/api/organisations/${id}/reject`, { reason: 'A duplicate of another record' });
  expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: 'A duplicate of another record' });
  expect((await anon.get(`/api/organisations/${id}`)).status).toBe(404);
});

test("a coordinator's organisation is published at once", async () => {
  const created = await coord.post('/api/organisations', { name: 'Coordinator Fellowship', kind: 'mutual_aid_fellowship' });
  expect(created.body.status).toBe('published');
  expect(names(await anon.get('/api/organisations'))).toContain('Coordinator Fellowship');
});

test.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.org/', 'vbscript:msgbox'])('website %s is refused', async (website) => {
  const res = await coord.post('/api/organisations', { name: `Website Test ${website.slice(0, 6)}`, kind: 'other', website });
  expect(res.status).toBe(400);
  expect(res.body.error.details[0].field).toBe('website');
  expect((await coord.patch(`/api/organisations/00000000-0000-4000-8000-000000000001`, { website })).status).toBe(400);
});

test('includeArchived=true is for coordinators and admins only', async () => {
  const id = (await coord.post('/api/organisations', { name: 'Closed Down Charity', kind: 'other', website: 'https://closed.example.org' })).body.id;
  expect((await coord.post(`/api/organisations/${id}/archive`)).status).toBe(200);
  for (const who of [anon, vol, await ctx.as('researcher')]) {
    const res = await who.get('/api/organisations?includeArchived=true');
    expect(res.status).toBe(403);
    expect(res.body.error.details[0].field).toBe('query.includeArchived');
    expect(names(await who.get('/api/organisations'))).not.toContain('Closed Down Charity');
  }
  expect(names(await coord.get('/api/organisations?includeArchived=true'))).toContain('Closed Down Charity');
});

test('a published record does not publish its organisation while that waits for review, anywhere', async () => {
  const org = await vol.post('/api/organisations', { name: 'Unreviewed Peer Collective', kind: 'lero' });
  expect(org.body.status).toBe('pending');
  const asset = await vol.post('/api/assets', {
    name: 'Collective Drop-in', category: 'lero_peer_support', organisationId: org.body.id, sites: [{ lat: 53.7212, lng: -1.8573 }],
  });
  expect(asset.status).toBe(201);
  const id = asset.body.asset.id;
  expect((await coord.post(`/api/assets/${id}/publish`, {})).status).toBe(200);

  const commissioner = await ctx.as('commissioner');
  const named = (text: string) => text.includes('Unreviewed Peer Collective');
  for (const who of [anon, commissioner]) {
    expect((await who.get(`/api/assets/${id}`)).body.organisation).toBeNull();
    expect(named(JSON.stringify((await who.get('/api/assets?q=Collective%20Drop-in')).body))).toBe(false);
    expect(named(JSON.stringify((await who.get('/api/assets?format=geojson&bbox=-1.87,53.71,-1.85,53.73')).body))).toBe(false);
    const service = await who.get(`/openreferral/services/${id}`);
    expect(service.status).toBe(200);
    expect(named(JSON.stringify(service.body))).toBe(false);
    expect(named(JSON.stringify((await who.get('/openreferral/organizations?per_page=100')).body))).toBe(false);
    expect((await who.get(`/openreferral/organizations/${org.body.id}`)).status).toBe(404);
    expect(named(JSON.stringify((await who.get('/ogc/collections/leros/items?limit=1000')).body))).toBe(false);
  }
  // The volunteer who chose it, and reviewers, still see it.
  expect((await coord.get(`/api/assets/${id}`)).body.organisation).toEqual({ id: org.body.id, name: 'Unreviewed Peer Collective' });

  // Once published, it is named everywhere, the public read model included.
  expect((await coord.post(`/api/organisations/${org.body.id}/publish`)).status).toBe(200);
  expect((await anon.get(`/api/assets/${id}`)).body.organisation).toEqual({ id: org.body.id, name: 'Unreviewed Peer Collective' });
  expect(named(JSON.stringify((await anon.get('/api/assets?format=geojson&bbox=-1.87,53.71,-1.85,53.73')).body))).toBe(true);
  expect(named(JSON.stringify((await anon.get(`/openreferral/services/${id}`)).body))).toBe(true);
  expect(named(JSON.stringify((await anon.get('/ogc/collections/leros/items?limit=1000')).body))).toBe(true);
});
