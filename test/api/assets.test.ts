import { createTestContext, type Client, type TestContext } from '../harness';
import { destination, geodesicDistance, gridCellCentre, toBng } from '../geo-reference';

let ctx: TestContext;
let coord: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
});
afterAll(async () => { await ctx.close(); });

const CENTRE = { lat: 53.7245, lng: -1.862 };

async function publishedAt(name: string, point: { lat: number; lng: number }, extra: object = {}) {
  const res = await coord.post('/api/assets', { name, category: 'mutual_aid', sites: [point], publish: true, ...extra });
  expect(res.status).toBe(201);
  return res.body.asset as { id: string; sites: { id: string }[] };
}

describe('near filter against hand-computed geodesic distances', () => {
  const east = (m: number) => destination(CENTRE.lat, CENTRE.lng, 90, m);
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {};
    for (const [label, metres] of [['n100', 100], ['n499', 499], ['n501', 501], ['n1500', 1500]] as const) {
      ids[label] = (await publishedAt(`Near test ${label}`, east(metres), { tags: ['near-test'] })).id;
    }
  });

  test('withinMetres=500 keeps 100 m and 499 m, drops 501 m and 1500 m, nearest first', async () => {
    const res = await coord.get(`/api/assets?tags=near-test&lat=${CENTRE.lat}&lng=${CENTRE.lng}&withinMetres=500`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([ids.n100, ids.n499]);
  });

  test('reported distances equal Karney geodesic distances to the centimetre', async () => {
    const res = await coord.get(`/api/assets?tags=near-test&lat=${CENTRE.lat}&lng=${CENTRE.lng}&withinMetres=2000`);
    expect(res.body.items).toHaveLength(4);
    for (const a of res.body.items) {
      const expected = geodesicDistance(CENTRE, { lat: a.sites[0].lat, lng: a.sites[0].lng });
      expect(Math.abs(a.distanceMetres - expected)).toBeLessThan(0.1);
    }
    expect(res.body.items.map((a: { distanceMetres: number }) => Math.round(a.distanceMetres))).toEqual([100, 499, 501, 1500]);
  });

  test('bbox includes points inside and excludes points outside', async () => {
    const p499 = east(499);
    const p501 = east(501);
    const midLng = (p499.lng + p501.lng) / 2; // a box edge between the 499 m and 501 m points
    const bbox = `${CENTRE.lng - 0.01},${CENTRE.lat - 0.01},${midLng},${CENTRE.lat + 0.01}`;
    const res = await coord.get(`/api/assets?tags=near-test&bbox=${bbox}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { id: string }) => a.id).sort()).toEqual([ids.n100, ids.n499].sort());
  });

  test('near needs all of lat, lng and withinMetres; errors name the missing fields', async () => {
    const res = await coord.get(`/api/assets?lat=${CENTRE.lat}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['query.lng', 'query.withinMetres']);
  });
});

describe('sensitive assets are masked for every non-privileged role', () => {
  // Well inside a 1 km cell (checked below) so method differences of a few metres cannot move the cell.
  const exact = { lat: 53.7262, lng: -1.8585 };
  let id: string;
  beforeAll(async () => {
    const [e, n] = toBng(exact.lat, exact.lng);
    expect(Math.min(e % 1000, 1000 - (e % 1000), n % 1000, 1000 - (n % 1000))).toBeGreaterThan(50);
    const res = await coord.post('/api/assets', {
      name: 'Safe House Test', category: 'housing', sensitive: true, publish: true,
      sites: [{ ...exact, address: '12 Secret Row', postcode: 'HX1 2AB', venueName: 'Refuge' }],
    });
    expect(res.status).toBe(201);
    id = res.body.asset.id;
  });

  test.each(['anon', 'volunteer', 'commissioner', 'researcher'] as const)('%s gets the 1 km cell centre, no address, outward postcode', async (role) => {
    const client = await ctx.as(role);
    const centre = gridCellCentre(exact.lat, exact.lng);
    for (const site of [
      (await client.get(`/api/assets/${id}`)).body.sites[0],
      (await client.get('/api/assets?sensitive=true')).body.items.find((a: { id: string }) => a.id === id).sites[0],
    ]) {
      expect(site.locationPrecision).toBe('grid_1km');
      expect(geodesicDistance(site, centre)).toBeLessThan(1); // same cell centre, computed independently
      expect(geodesicDistance(site, exact)).toBeGreaterThan(10);
      expect(site.address).toBeNull();
      expect(site.venueName).toBeNull();
      expect(site.postcode).toBe('HX1');
    }
    const fc = (await client.get('/api/assets?format=geojson&sensitive=true')).body;
    const feature = fc.features.find((f: { properties: { assetId: string } }) => f.properties.assetId === id);
    expect(geodesicDistance({ lng: feature.geometry.coordinates[0], lat: feature.geometry.coordinates[1] }, centre)).toBeLessThan(1);
    expect(JSON.stringify(fc)).not.toContain('Secret Row');
  });

  test.each(['coordinator', 'admin'] as const)('%s sees the exact place and address', async (role) => {
    const site = (await (await ctx.as(role)).get(`/api/assets/${id}`)).body.sites[0];
    expect(site).toMatchObject({ locationPrecision: 'exact', address: '12 Secret Row', postcode: 'HX1 2AB', lat: exact.lat, lng: exact.lng });
  });

  test('a service sharing the sensitive place is masked too, so co-location cannot leak it', async () => {
    const refugeSite = (await coord.get(`/api/assets/${id}`)).body.sites[0].id;
    const shared = await coord.post('/api/assets', { name: 'Drop-in Advice at the Refuge', category: 'advice', publish: true, sites: [{ id: refugeSite }] });
    expect(shared.status).toBe(201);
    const seen = (await (await ctx.as('anon')).get(`/api/assets/${shared.body.asset.id}`)).body.sites[0];
    expect(seen).toMatchObject({ locationPrecision: 'grid_1km', address: null, postcode: 'HX1' });
    expect(geodesicDistance(seen, gridCellCentre(exact.lat, exact.lng))).toBeLessThan(1);
    // Unlinking the sensitive asset from the place makes it ordinary again.
    expect((await coord.patch(`/api/assets/${id}`, { sensitive: false })).status).toBe(200);
    expect((await (await ctx.as('anon')).get(`/api/assets/${shared.body.asset.id}`)).body.sites[0]).toMatchObject({ locationPrecision: 'exact', address: '12 Secret Row' });
    expect((await coord.patch(`/api/assets/${id}`, { sensitive: true })).status).toBe(200);
    expect((await (await ctx.as('anon')).get(`/api/assets/${shared.body.asset.id}`)).body.sites[0].locationPrecision).toBe('grid_1km');
  });

  test('a narrow near-search at the exact place finds it only for privileged viewers', async () => {
    const url = `/api/assets?sensitive=true&lat=${exact.lat}&lng=${exact.lng}&withinMetres=20`;
    expect((await (await ctx.as('commissioner')).get(url)).body.items).toHaveLength(0);
    expect((await coord.get(url)).body.items.map((a: { id: string }) => a.id)).toEqual([id]);
  });
});

describe('likely duplicates: similar name nearby', () => {
  const base = { lat: 53.7201, lng: -1.8702 };
  let originalId: string;
  beforeAll(async () => { originalId = (await publishedAt('Halifax SMART Recovery Group', base)).id; });

  test('a similar name 60 m away is flagged with its distance', async () => {
    const near = destination(base.lat, base.lng, 30, 60);
    const res = await (await ctx.as('volunteer')).post('/api/assets', { name: 'SMART Recovery Halifax', category: 'mutual_aid', sites: [near] });
    expect(res.status).toBe(201);
    const dup = res.body.possibleDuplicates.find((d: { id: string }) => d.id === originalId);
    expect(dup).toBeDefined();
    expect(dup.distanceMetres).toBe(Math.round(geodesicDistance(base, near)));
    expect(dup.similarity).toBeGreaterThanOrEqual(0.3);
  });

  test('the same name 3 km away, or another name 10 m away, is not flagged', async () => {
    const vol = await ctx.as('volunteer');
    const far = await vol.post('/api/assets/duplicates', { name: 'Halifax SMART Recovery Group', points: [destination(base.lat, base.lng, 180, 3000)] });
    expect(far.body.items.map((d: { id: string }) => d.id)).not.toContain(originalId);
    const other = await vol.post('/api/assets/duplicates', { name: 'Bereavement Walking Club', points: [destination(base.lat, base.lng, 0, 10)] });
    expect(other.body.items).toHaveLength(0);
  });

  test('the pre-save check finds it before anything is written', async () => {
    const res = await (await ctx.as('volunteer')).post('/api/assets/duplicates', { name: 'SMART recovery group Halifax', points: [base] });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ id: originalId, distanceMetres: 0 });
  });
});

describe('validation errors name the field', () => {
  test.each([
    [{ category: 'mutual_aid' }, 'name'],
    [{ name: 'X Group', category: 'knitting' }, 'category'],
    [{ name: 'X Group', category: 'mutual_aid', sites: [{ lat: 95, lng: 0 }] }, 'sites.0.lat'],
    [{ name: 'X Group', category: 'mutual_aid', whoFor: ['everyone'] }, 'whoFor.0'],
    [{ name: 'X Group', category: 'mutual_aid', schedule: [{ day: 2, start: '19:00', end: '19:00' }] }, 'schedule.0.end'],
    [{ name: 'X Group', category: 'mutual_aid', sites: [{ lat: 53.7, lng: -1.8, postcode: 'NOT A CODE' }] }, 'sites.0.postcode'],
    [{ name: 'X Group', category: 'mutual_aid', colour: 'red' }, 'colour'],
  ])('%j → %s', async (body, field) => {
    const res = await coord.post('/api/assets', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  test('bad query parameters are named too', async () => {
    const res = await coord.get('/api/assets?bbox=1,2,3&limit=0');
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['query.bbox', 'query.limit']);
  });

  test('an unknown organisation is a 422 on organisationId', async () => {
    const res = await coord.post('/api/assets', { name: 'Orphan Group', category: 'mutual_aid', organisationId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].field).toBe('organisationId');
  });
});

describe('a failed multi-row write leaves nothing behind', () => {
  test('asset + new site written, then an unknown site id fails: every row rolled back', async () => {
    const tables = ['asset', 'site', 'asset_site', 'asset_version', 'audit_log'];
    const count = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number((await ctx.db.knex(t).count('* as n'))[0].n)])));
    const before = await count();
    const res = await coord.post('/api/assets', {
      name: 'Half Written Group', category: 'mutual_aid',
      sites: [{ lat: 53.72, lng: -1.86 }, { id: '00000000-0000-4000-8000-000000000001' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ field: 'sites.1.id', message: 'does not exist' }]);
    expect(await count()).toEqual(before);
  });
});

describe('co-location and versions', () => {
  test('two assets can share a site, and every change keeps an exact version', async () => {
    const first = await publishedAt('Community Centre Breakfast Club', { lat: 53.7190, lng: -1.8530, venueName: 'Test Community Centre' } as never);
    const second = await coord.post('/api/assets', { name: 'Tuesday Art Group', category: 'social_leisure_arts', sites: [{ id: first.sites[0].id }], publish: true });
    expect(second.status).toBe(201);
    expect(second.body.asset.sites[0].id).toBe(first.sites[0].id);
    const patched = await coord.patch(`/api/assets/${first.id}`, { name: 'Community Centre Breakfast Club (Saturdays)' });
    expect(patched.body.asset.version).toBe(2);
    const versions = await ctx.db.knex('asset_version').where({ asset_id: first.id }).orderBy('version');
    expect(versions.map((v) => [v.version, v.snapshot.name])).toEqual([
      [1, 'Community Centre Breakfast Club'],
      [2, 'Community Centre Breakfast Club (Saturdays)'],
    ]);
    expect(versions[0].snapshot.sites[0].id).toBe(first.sites[0].id);
  });
});

describe('resending a capture is idempotent', () => {
  test('the same clientRequestId returns the first record (200), once per creator', async () => {
    const vol = await ctx.as('volunteer');
    const body = { name: 'Outbox Resend Group', category: 'mutual_aid', sites: [{ lat: 53.715, lng: -1.87 }], clientRequestId: '3f1c2a9e-8d4b-4c3e-9a7f-1b2c3d4e5f60' };
    const first = await vol.post('/api/assets', body);
    const again = await vol.post('/api/assets', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.asset.id).toBe(first.body.asset.id);
    expect(again.body.replayed).toBe(true);
    expect(Number((await ctx.db.knex('asset').where({ name: 'Outbox Resend Group' }).count('* as n'))[0].n)).toBe(1);
    const other = await (await ctx.as('admin')).post('/api/assets', body);
    expect(other.status).toBe(201);
    expect(other.body.asset.id).not.toBe(first.body.asset.id);
  });
});
