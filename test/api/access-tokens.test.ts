import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';

/**
 * Issue 23: personal read-only access tokens for GIS clients. Shown once, stored hashed,
 * revocable, audited, read-only, and acting as their owner's role (so masking and the
 * gap-cells collection follow the role, not the token).
 */
let ctx: TestContext;
let comm: Client, coord: Client, vol: Client;
let sensitiveAssetId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  [comm, coord, vol] = await Promise.all([ctx.as('commissioner'), ctx.as('coordinator'), ctx.as('volunteer')]);
  const res = await coord.post('/api/assets', {
    name: 'Quiet House', category: 'housing', publish: true, sensitive: true, sites: [{ lat: 53.7213, lng: -1.8577, postcode: 'HX1 2AB', address: '9 Quiet Lane' }],
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  sensitiveAssetId = res.body.asset.id;
});
afterAll(async () => { await ctx.close(); });

const bearer = (url: string, token: string) => request(ctx.app).get(url).set('Authorization', `Bearer ${token}`);
const newToken = async (client: Client, name = 'QGIS on my laptop') => {
  const res = await client.post('/api/auth/tokens', { name });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string; name: string; scope: string; expiresAt: string | null };
};

test('a token is shown once, stored only as its hash, listed without it, and its making is audited', async () => {
  const made = await newToken(comm);
  expect(made.token).toMatch(/^wmk_[A-Za-z0-9_-]{43}$/);
  expect(made).toMatchObject({ name: 'QGIS on my laptop', scope: 'read', expiresAt: null });
  const stored = await ctx.db.knex('access_token').where({ id: made.id }).first();
  expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(stored)).not.toContain(made.token);
  const listed = await comm.get('/api/auth/tokens');
  expect(listed.body.items.map((t: any) => t.id)).toContain(made.id);
  expect(JSON.stringify(listed.body)).not.toContain(made.token);
  expect(listed.body.items[0]).not.toHaveProperty('tokenHash');
  const audit = await ctx.db.knex('audit_log').where({ table_name: 'access_token' }).select('action', 'actor_id');
  expect(audit).toContainEqual(expect.objectContaining({ actor_id: comm.userId }));
  // Others do not see it.
  expect((await vol.get('/api/auth/tokens')).body.items).toEqual([]);
});

test('bad requests name the field; anonymous visitors cannot make tokens', async () => {
  const res = await comm.post('/api/auth/tokens', { name: '' });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body)).toContain('name');
  const days = await comm.post('/api/auth/tokens', { name: 'x', expiresInDays: 0 });
  expect(days.status).toBe(400);
  expect(JSON.stringify(days.body)).toContain('expiresInDays');
  expect((await request(ctx.app).post('/api/auth/tokens').send({ name: 'x' })).status).toBe(401);
});

test('a commissioner\'s token reads gap cells over /ogc by header or query key; anonymous gets 404', async () => {
  const { token } = await newToken(comm);
  expect((await request(ctx.app).get('/ogc/collections/gap-cells/items?limit=2')).status).toBe(404);
  const byHeader = await bearer('/ogc/collections/gap-cells/items?limit=2', token);
  expect(byHeader.status).toBe(200);
  const byKey = await request(ctx.app).get(`/ogc/collections/gap-cells/items?limit=2&access_token=${token}`);
  expect(byKey.status).toBe(200);
  expect(byKey.body.features.map((f: any) => f.id)).toEqual(byHeader.body.features.map((f: any) => f.id));
  // GDAL follows next links as given: they keep the key.
  const next = byKey.body.links.find((l: any) => l.rel === 'next');
  expect(next && new URL(next.href).searchParams.get('access_token')).toBe(token);
  const me = await bearer('/api/auth/me', token);
  expect(me.body.user).toMatchObject({ id: comm.userId, role: 'commissioner' });
  expect(me.body.csrfToken).toBeNull();
});

test('a token may only read: every write is refused before it runs', async () => {
  const { token } = await newToken(comm);
  const before = await ctx.db.knex('asset').count('* as n');
  for (const [method, url] of [['post', '/api/assets'], ['patch', `/api/assets/${sensitiveAssetId}`], ['delete', `/api/auth/tokens/${sensitiveAssetId}`], ['post', '/api/auth/tokens']] as const) {
    const res = await request(ctx.app)[method](url).set('Authorization', `Bearer ${token}`).send({ name: 'x', category: 'advice', sites: [] });
    expect(res.status).toBe(403);
    expect(res.body.error?.code ?? res.body.code).toBe('token_read_only');
  }
  const viaKey = await request(ctx.app).post(`/api/assets?access_token=${token}`).send({ name: 'x' });
  expect(viaKey.status).toBe(403);
  expect(await ctx.db.knex('asset').count('* as n')).toEqual(before);
});

test('roles and masking follow the owner: a commissioner\'s token gets the public point, a coordinator\'s the exact one', async () => {
  const site = await ctx.db.knex('site as s').join('asset_site as x', 'x.site_id', 's.id').where('x.asset_id', sensitiveAssetId)
    .first(ctx.db.knex.raw('ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat, ST_X(s.geom_public) AS plng, ST_Y(s.geom_public) AS plat'));
  expect([site.lng, site.lat]).not.toEqual([site.plng, site.plat]);
  const url = `/ogc/collections/assets/items/${sensitiveAssetId}`;
  const commToken = (await newToken(comm)).token;
  const coordToken = (await newToken(coord)).token;
  expect((await bearer(url, commToken)).body.geometry.coordinates).toEqual([site.plng, site.plat]);
  expect((await bearer(url, coordToken)).body.geometry.coordinates).toEqual([site.lng, site.lat]);
  const listed = await bearer(`/api/assets?limit=50`, commToken);
  expect(listed.body.items.find((a: any) => a.id === sensitiveAssetId).sites[0]).toMatchObject({ lat: site.plat, lng: site.plng, address: null });
  // A volunteer's token cannot reach the gaps collection (not a gap reader), as the volunteer cannot.
  expect((await bearer('/ogc/collections/gap-cells/items', (await newToken(vol)).token)).status).toBe(404);
});

test('revoked, expired, unknown tokens and deactivated owners are 401s; only the owner revokes', async () => {
  const a = await newToken(comm);
  expect((await vol.delete(`/api/auth/tokens/${a.id}`)).status).toBe(404);
  expect((await bearer('/api/auth/me', a.token)).status).toBe(200);
  const revoked = await comm.delete(`/api/auth/tokens/${a.id}`);
  expect(revoked.status).toBe(200);
  expect(revoked.body.revokedAt).toBeTruthy();
  expect((await comm.delete(`/api/auth/tokens/${a.id}`)).status).toBe(404);
  const gone = await bearer('/api/auth/me', a.token);
  expect(gone.status).toBe(401);
  expect(gone.body.error?.code ?? gone.body.code).toBe('invalid_token');
  const audited = await ctx.db.knex('audit_log').where({ table_name: 'access_token', action: 'update' }).count('* as n');
  expect(Number(audited[0].n)).toBeGreaterThan(0);

  const b = await newToken(comm);
  await ctx.db.knex('access_token').where({ id: b.id }).update({ expires_at: ctx.db.knex.raw(`now() - interval '1 second'`) });
  expect((await bearer('/api/auth/me', b.token)).status).toBe(401);
  expect((await bearer('/api/auth/me', 'wmk_not-a-real-token')).status).toBe(401);
  expect((await request(ctx.app).get('/ogc/collections?access_token=nonsense')).status).toBe(401);

  const c = await newToken(vol);
  await ctx.db.knex('app_user').where({ id: vol.userId }).update({ active: false });
  expect((await bearer('/api/auth/me', c.token)).status).toBe(401);
  await ctx.db.knex('app_user').where({ id: vol.userId }).update({ active: true });
});
