import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';
import { FIXTURE_REFUGES, expectedMask, fixturePostcodes, insertPostcodes } from './postcode-fixture';

/**
 * The privacy sweep for access-token reads (issue 23): a non-privileged role reading with
 * a personal access token (header or query key) is served exactly what its session is
 * served (test/privacy/sweep.test.ts sweeps those answers), and no answer carries a
 * refuge's exact point: every refuge appears at its masking cell, computed by hand.
 */
let ctx: TestContext;
const postcodes = fixturePostcodes();
const ROLES = ['volunteer', 'commissioner', 'researcher'] as const;
const sessions = {} as Record<(typeof ROLES)[number], Client>;
const tokens = {} as Record<(typeof ROLES)[number], string>;
const refuges: { assetId: string; exact: { lat: number; lng: number }; masked: { lat: number; lng: number } }[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  await insertPostcodes(ctx.db.knex, postcodes);
  const coord = await ctx.as('coordinator');
  for (const r of FIXTURE_REFUGES) {
    const res = await coord.post('/api/assets', { name: r.name, category: 'housing', sensitive: true, publish: true, sites: [{ lat: r.lat, lng: r.lng, postcode: r.postcode, address: '9 Quiet Lane' }] });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    refuges.push({ assetId: res.body.asset.id, exact: { lat: r.lat, lng: r.lng }, masked: expectedMask(r, postcodes, 20) });
    await coord.post('/api/assets', { name: `${r.name} Support Group`, category: 'mutual_aid', publish: true, sites: [{ lat: r.lat + 0.004, lng: r.lng + 0.003 }] });
  }
  for (const who of ROLES) {
    sessions[who] = await ctx.as(who);
    tokens[who] = (await sessions[who].post('/api/auth/tokens', { name: 'GIS' })).body.token;
  }
});
afterAll(async () => { await ctx.close(); });

const READS = () => [
  '/ogc/collections', '/ogc/collections/assets/items?limit=1000', '/ogc/collections/sites/items?limit=1000', '/ogc/collections/leros/items',
  '/ogc/collections/pathways/items', '/ogc/collections/gap-cells/items?limit=1000', '/api/assets?limit=1000', '/api/assets?format=geojson&limit=1000',
  ...refuges.flatMap((r) => [`/api/assets/${r.assetId}`, `/ogc/collections/assets/items/${r.assetId}`,
    `/api/assets?lat=${r.exact.lat}&lng=${r.exact.lng}&withinMetres=2000`, `/ogc/collections/assets/items?bbox=${r.exact.lng - 0.01},${r.exact.lat - 0.01},${r.exact.lng + 0.01},${r.exact.lat + 0.01}`]),
];

/** Every [lng, lat] or {lat, lng} in a body. */
function points(body: unknown, out: [number, number][] = []): [number, number][] {
  if (Array.isArray(body)) {
    if (body.length === 2 && body.every((v) => typeof v === 'number')) out.push([body[0], body[1]]);
    else for (const v of body) points(v, out);
  } else if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (typeof o.lat === 'number' && typeof o.lng === 'number') out.push([o.lng, o.lat]);
    for (const v of Object.values(o)) points(v, out);
  }
  return out;
}
// Paging links and the time of the answer differ by how the token came; nothing else may.
const comparable = (body: any) => JSON.parse(JSON.stringify(body, (k, v) => (k === 'timeStamp' || k === 'links' ? undefined : v)));

test('token reads equal session reads for every non-privileged role, by header and by query key', async () => {
  let compared = 0;
  for (const who of ROLES) {
    for (const url of READS()) {
      const session = await sessions[who].get(url);
      const header = await request(ctx.app).get(url).set('Authorization', `Bearer ${tokens[who]}`);
      const key = await request(ctx.app).get(`${url}${url.includes('?') ? '&' : '?'}access_token=${tokens[who]}`);
      expect({ who, url, status: header.status }).toEqual({ who, url, status: session.status });
      expect({ who, url, status: key.status }).toEqual({ who, url, status: session.status });
      expect({ who, url, body: comparable(header.body) }).toEqual({ who, url, body: comparable(session.body) });
      expect({ who, url, body: comparable(key.body) }).toEqual({ who, url, body: comparable(session.body) });
      compared++;
    }
  }
  expect(compared).toBe(ROLES.length * READS().length);
});

test('no token read carries a refuge\'s exact point; each refuge is at its masking cell', async () => {
  const near = (p: [number, number], q: { lat: number; lng: number }) => Math.abs(p[0] - q.lng) < 1e-7 && Math.abs(p[1] - q.lat) < 1e-7;
  for (const who of ROLES) {
    const seen: [number, number][] = [];
    for (const url of READS()) seen.push(...points((await request(ctx.app).get(url).set('Authorization', `Bearer ${tokens[who]}`)).body));
    expect(seen.length).toBeGreaterThan(20);
    for (const r of refuges) {
      expect({ who, exact: seen.filter((p) => near(p, r.exact)) }).toEqual({ who, exact: [] });
      expect(seen.some((p) => Math.abs(p[0] - r.masked.lng) < 1e-6 && Math.abs(p[1] - r.masked.lat) < 1e-6)).toBe(true);
    }
  }
});
