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
