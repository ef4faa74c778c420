import { createTestContext, type Client, type TestContext } from '../harness';
import { projector } from '../../server/reports/maps';

/**
 * The CQS report's map images and its PDF route. The maps draw public points only: the
 * refuge's masked point is on the registry map and its exact point is not. Without
 * Chromium the PDF route says so (503, JSON) and names the printable page. The PDF itself
 * is made and read in test/browser/dashboard.test.ts.
 */
let ctx: TestContext;
let coord: Client;
let commissioner: Client;
const REFUGE = { lat: 53.7312, lng: -1.8523 };

beforeAll(async () => {
  ctx = await createTestContext({ chromiumPath: '/nonexistent/chromium' });
  [coord, commissioner] = await Promise.all([ctx.as('coordinator'), ctx.as('commissioner')]);
  for (const body of [
    { name: 'Map Group', category: 'mutual_aid', sites: [{ lat: 53.7245, lng: -1.862 }] },
    { name: 'Map Refuge', category: 'housing', sensitive: true, sites: [{ ...REFUGE, address: '9 Hidden Lane' }] },
  ]) expect((await coord.post('/api/assets', { publish: true, ...body })).status).toBe(201);
});
afterAll(async () => { await ctx.close(); });

const circles = (svg: string) => [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);

test('the registry map: each record at its public point, the refuge at its masking-cell centre, never its own', async () => {
  const res = await commissioner.get('/api/reports/maps/registry.svg').buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
  const svg = res.text ?? String(res.body);
  expect(svg).toContain('Housing (incl. recovery housing) (1)');
  expect(svg).not.toContain('Hidden Lane');
  const partnership = (await commissioner.get('/api/partnership')).body;
  const p = projector({ minLng: partnership.bbox[0], minLat: partnership.bbox[1], maxLng: partnership.bbox[2], maxLat: partnership.bbox[3] });
  const [masked] = (await ctx.db.knex.raw(`SELECT ST_X(s.geom_public) AS lng, ST_Y(s.geom_public) AS lat FROM site s JOIN asset_site l ON l.site_id = s.id JOIN asset a ON a.id = l.asset_id WHERE a.name = 'Map Refuge'`)).rows;
  const near = (x: number, y: number) => circles(svg).some(([cx, cy]) => Math.hypot(cx - x, cy - y) < 0.2);
  expect(near(p.x(masked.lng), p.y(masked.lat))).toBe(true);
  expect(near(p.x(REFUGE.lng), p.y(REFUGE.lat))).toBe(false);
  expect(circles(svg)).toHaveLength(2);
});

test('gap and pathway maps; a bad category names the field; readers only', async () => {
  const gaps = await commissioner.get('/api/reports/maps/gaps.svg?category=housing').buffer(true);
  expect(gaps.status).toBe(200);
  expect(gaps.text ?? String(gaps.body)).toContain('Gaps: Housing');
  const bad = await commissioner.get('/api/reports/maps/gaps.svg?category=castles');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe('query.category');
  const pathways = await commissioner.get('/api/reports/maps/pathways.svg').buffer(true);
  expect(pathways.text ?? String(pathways.body)).toContain('No closed linkage campaign yet.');
  expect((await (await ctx.as('volunteer')).get('/api/reports/maps/registry.svg')).status).toBe(403);
});

test('no Chromium: 503 with a plain message and the printable page; an unknown town is a 400', async () => {
  const unknown = await commissioner.get('/api/reports/cqs.pdf?town=Atlantis');
  expect([unknown.status, unknown.body.error.details[0].field]).toEqual([400, 'query.town']);
  const res = await commissioner.get('/api/reports/cqs.pdf');
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe('pdf_unavailable');
  expect(res.body.error.message).toContain('Print → Save as PDF');
  expect(res.body.error.printable).toBe('/report.html');
  expect((await commissioner.get('/api/reports/cqs.pdf?town=a&locality=b')).body.error.details[0].field).toBe('query.locality');
});

test('cached figures and images: a write is seen at the next read, an unchanged registry answers the same', async () => {
  const svg = async (path: string) => { const r = await commissioner.get(path).buffer(true); return r.text ?? String(r.body); };
  const read = async () => {
    const d = (await commissioner.get('/api/dashboard')).body;
    const row = (list: { category: string }[]) => list.find((r) => r.category === 'housing') as Record<string, unknown>;
    return { count: row(d.exists.categories.rows).count, supply: row(d.gaps.categories).supplyPoints, registry: await svg('/api/reports/maps/registry.svg'), gaps: await svg('/api/reports/maps/gaps.svg?category=housing'), d };
  };
  const before = await read();
  // The refuge is this file's one housing record.
  expect([before.count, before.supply]).toEqual([1, 1]);
  expect(before.registry).toContain('Housing (incl. recovery housing) (1)');
  expect(before.gaps).toContain('Housing (incl. recovery housing): 1 published places');
  const again = await read();
  const same = (r: typeof before) => [r.registry, r.gaps, r.d.exists.categories.rows, r.d.exists.freshness.rows, r.d.exists.leros.count, r.d.gaps.categories, r.d.gaps.focus];
  expect(same(again)).toEqual(same(before));

  const made = await coord.post('/api/assets', { name: 'Second House', category: 'housing', publish: true, sites: [{ lat: 53.74, lng: -1.88 }] });
  expect(made.status).toBe(201);
  const after = await read();
  expect([after.count, after.supply]).toEqual([2, 2]);
  expect(after.registry).toContain('Housing (incl. recovery housing) (2)');
  expect(after.gaps).toContain('Housing (incl. recovery housing): 2 published places');
  // The gap layer (one shared service) agrees with the dashboard after the write.
  const summary = (await commissioner.get('/api/gaps/summary?category=housing')).body.categories[0];
  expect(summary.supplyPoints).toBe(2);
  expect(after.d.gaps.categories.find((r: { category: string }) => r.category === 'housing').populationInGaps).toBe(summary.populationInGaps);

  // A change that leaves the supply where it was (a name): the registry facts move, the gap figures stay.
  expect((await coord.patch(`/api/assets/${made.body.asset.id}`, { name: 'Second House (renamed)' })).status).toBe(200);
  const renamed = await read();
  expect(renamed.d.gaps.categories).toEqual(after.d.gaps.categories);
  expect((await coord.post(`/api/assets/${made.body.asset.id}/archive`, {})).status).toBe(200);
  const archived = await read();
  expect([archived.count, archived.supply]).toEqual([1, 1]);
});
