import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';

/** Issue 5, items 9 and 10: inputs that gave 500s or were silently coerced. */
let ctx: TestContext;
let vol: Client;
let coord: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  vol = await ctx.as('volunteer');
  coord = await ctx.as('coordinator');
});
afterAll(async () => { await ctx.close(); });

const site = { lat: 53.72, lng: -1.86 };
const asset = (extra: object) => ({ name: 'Hostile Input Café', category: 'social_leisure_arts', ...extra });

function expectFieldError(res: { status: number; body: any; text: string }, status: number, field: string | RegExp) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { error: { code: expect.any(String), message: expect.any(String) } } });
  const fields = (res.body.error.details ?? []).map((d: { field: string }) => d.field);
  expect(fields.some((f: string) => (typeof field === 'string' ? f === field : field.test(f)))).toBe(true);
  expect(res.text).not.toMatch(/stack|at \w+ \(|select |insert |update /i);
}

describe('item 9: no 500 for hostile text and encodings', () => {
  test.each([
    ['/api/assets?q=a%00b', 'query.q'],
    ['/api/assets?tags=ok,b%00d', 'query.tags'],
    ['/api/organisations?q=%00', 'query.q'],
  ])('NUL in a query field: GET %s is a 400 naming %s', async (url, field) => {
    expectFieldError(await request(ctx.app).get(url), 400, field);
  });

  test.each([
    ['name', asset({ name: 'Nul\u0000Group', sites: [site] })],
    ['tags.0', asset({ tags: ['a\u0000'], sites: [site] })],
    ['sites.0.venueName', asset({ sites: [{ ...site, venueName: 'Hall\u0000' }] })],
  ])('NUL in body field %s is a 400 naming it, and nothing is written', async (field, body) => {
    const before = await ctx.db.knex('asset').count('* as n').first();
    expectFieldError(await vol.post('/api/assets', body), 400, field);
    expect(await ctx.db.knex('asset').count('* as n').first()).toEqual(before);
  });

  test('NUL in an organisation name and a user name', async () => {
    expectFieldError(await vol.post('/api/organisations', { name: 'Org\u0000', kind: 'other' }), 400, 'name');
    const admin = await ctx.as('admin');
    expectFieldError(await admin.post('/api/users', { email: 'n@test.waymark', displayName: 'N\u0000', role: 'volunteer', password: 'long-enough-pass' }), 400, 'displayName');
  });

  test('a JSON body in an unsupported charset is a 415 naming Content-Type', async () => {
    const res = await vol.post('/api/assets').set('Content-Type', 'application/json; charset=ebcdic').send(JSON.stringify(asset({ sites: [site] })));
    expectFieldError(res, 415, 'Content-Type');
  });

  test('an undecodable path segment is a 400 naming the path', async () => {
    expectFieldError(await request(ctx.app).get('/api/assets/%FF'), 400, 'path');
    expectFieldError(await request(ctx.app).get('/api/postcodes/%E0%A4%A'), 400, 'path');
  });

  test.each(['0000-01-01', '-000001-01-01T00:00:00Z', '275760-09-13', '1899-12-31', '9999-99-99'])('updatedSince=%s is a 400 naming it', async (value) => {
    expectFieldError(await request(ctx.app).get(`/api/assets?updatedSince=${encodeURIComponent(value)}`), 400, 'query.updatedSince');
  });

  test('an X-CSRF-Token of 16 "é" is a 403 naming the header, not a 500', async () => {
    const res = await vol.post('/api/organisations', { name: 'CSRF Org', kind: 'other' }).set('X-CSRF-Token', 'é'.repeat(16));
    expectFieldError(res, 403, 'X-CSRF-Token');
  });

  test('an undecodable session cookie is simply no session', async () => {
    const res = await request(ctx.app).get('/api/auth/me').set('Cookie', 'waymark_session=%FF%FE');
    expect(res.status).toBe(200);
    expect(res.body.user).toBeNull();
  });

  test('an unexpected error is a bare 500 in every mode: no stack, no SQL', async () => {
    const { errorMiddleware } = await import('../../server/http/errors');
    const express = (await import('express')).default;
    const app = express();
    app.get('/boom', () => {
      throw Object.assign(new Error('select secret from app_user where x = $1'), { parameters: ['hunter2'] });
    });
    app.use(errorMiddleware(() => null));
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    const res = await request(app).get('/boom');
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
  });
});

describe('item 10: coordinates are refused, not coerced', () => {
  test.each([
    ['null', null],
    ['true', true],
    ['an array', [53.7]],
    ['an empty string', ''],
    ['a numeric string', '53.7'],
  ])('lat as %s in a body is a 400 naming sites.0.lat', async (_label, lat) => {
    const before = await ctx.db.knex('site').count('* as n').first();
    expectFieldError(await vol.post('/api/assets', asset({ sites: [{ lat, lng: -1.86 }] })), 400, /^sites\.0(\.lat)?$/);
    expectFieldError(await vol.post('/api/assets/duplicates', { name: 'Anything', points: [{ lat, lng: -1.86 }] }), 400, /^points\.0\.lat$/);
    expect(await ctx.db.knex('site').count('* as n').first()).toEqual(before);
  });

  test('lat=&lng= and bbox=,,, are refused', async () => {
    const near = await request(ctx.app).get('/api/assets?lat=&lng=&withinMetres=1000');
    expectFieldError(near, 400, 'query.lat');
    expect(near.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['query.lat', 'query.lng']));
    expectFieldError(await request(ctx.app).get('/api/assets?bbox=,,,'), 400, 'query.bbox');
    expectFieldError(await request(ctx.app).get('/api/assets?bbox=1,2,3,'), 400, 'query.bbox');
    expectFieldError(await request(ctx.app).get('/api/assets?offset='), 400, 'query.offset');
    expectFieldError(await request(ctx.app).get('/api/assets?limit=%20'), 400, 'query.limit');
  });

  test('a site beyond the boundary plus margin is a 422 unless a coordinator confirms it', async () => {
    // The test boundary spans -1.91..-1.81 E, 53.69..53.75 N; 5 km margin. 53.85 N is ~11 km north.
    const far = { lat: 53.85, lng: -1.86 };
    const justOutside = { lat: 53.77, lng: -1.86 }; // ~2.2 km outside: inside the margin
    const volRes = await vol.post('/api/assets', asset({ sites: [site, far] }));
    expectFieldError(volRes, 422, 'sites.1');
    expect(volRes.body.error.code).toBe('outside_boundary');
    expectFieldError(await vol.post('/api/assets', asset({ sites: [far], confirmOutsideBoundary: true })), 403, 'confirmOutsideBoundary');
    expect((await vol.post('/api/assets', asset({ name: 'Just Over The Border', sites: [justOutside] }))).status).toBe(201);
    expectFieldError(await coord.post('/api/assets', asset({ name: 'Far Away Meeting', sites: [far] })), 422, 'sites.0');
    const confirmed = await coord.post('/api/assets', asset({ name: 'Far Away Meeting', sites: [far], confirmOutsideBoundary: true }));
    expect(confirmed.status).toBe(201);
    const id = confirmed.body.asset.id;
    expectFieldError(await coord.patch(`/api/assets/${id}`, { sites: [{ lat: 0, lng: 0 }] }), 422, 'sites.0');
    expect((await coord.patch(`/api/assets/${id}`, { sites: [site] })).status).toBe(200);
    expectFieldError(await coord.patch(`/api/assets/${id}`, { confirmOutsideBoundary: true }), 400, '(body)');
  });
});
