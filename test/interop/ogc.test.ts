import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import request from 'supertest';
import { createDemoContext, type DemoContext } from '../demo-context';
import type { Client } from '../harness';
import { DEMO_ACCOUNTS } from '../../seeds/demo';

/**
 * OGC API Features over the whole demo: the standard's resources, paging by links,
 * filters checked against the database, masking, and GDAL's own OAPIF client reading
 * every published feature through several pages.
 */
const run = promisify(execFile);
const OGRINFO = '/usr/bin/ogrinfo';
let ctx: DemoContext;
let coordinator: Client;
let commissioner: Client;
let volunteer: Client;
type PairEnds = { id: string; campaign_id: string; status: string; outcome: number | null; a_asset_id: string; b_asset_id: string;
  alng: number; alat: number; blng: number; blat: number; aplng: number; aplat: number; bplng: number; bplat: number; a_exact_differs: boolean; b_exact_differs: boolean };
/** Every pair of every published campaign with both ends' exact and public points, straight from the tables. */
let publishedPairs: PairEnds[];
type Link = { asset_id: string; site_id: string; sensitive: boolean; lat: number; lng: number; plat: number; plng: number; updated_at: Date; category: string };
let links: Link[];
let publishedIds: string[];

beforeAll(async () => {
  ctx = await createDemoContext();
  coordinator = await ctx.as('coordinator');
  commissioner = await ctx.as('commissioner');
  volunteer = await ctx.as('volunteer');
  publishedPairs = (await ctx.db.knex.raw(
    `SELECT p.id, p.campaign_id, p.status, p.outcome, p.a_asset_id, p.b_asset_id,
            ST_X(sa.geom) AS alng, ST_Y(sa.geom) AS alat, ST_X(sb.geom) AS blng, ST_Y(sb.geom) AS blat,
            ST_X(sa.geom_public) AS aplng, ST_Y(sa.geom_public) AS aplat, ST_X(sb.geom_public) AS bplng, ST_Y(sb.geom_public) AS bplat,
            NOT ST_Equals(sa.geom, sa.geom_public) AS a_exact_differs, NOT ST_Equals(sb.geom, sb.geom_public) AS b_exact_differs
       FROM campaign_pair p JOIN campaign c ON c.id = p.campaign_id
       JOIN site sa ON sa.id = p.a_site_id JOIN site sb ON sb.id = p.b_site_id
      WHERE c.published`,
  )).rows;
  links = (await ctx.db.knex.raw(
    `SELECT x.asset_id, x.site_id, s.sensitive, ST_Y(s.geom) AS lat, ST_X(s.geom) AS lng, ST_Y(s.geom_public) AS plat, ST_X(s.geom_public) AS plng, a.updated_at, a.category
       FROM asset_site x JOIN asset a ON a.id = x.asset_id JOIN site s ON s.id = x.site_id WHERE a.status = 'published'`,
  )).rows;
  publishedIds = (await ctx.db.knex('asset').where({ status: 'published' }).select('id')).map((r: { id: string }) => r.id).sort();
}, 240_000);
afterAll(async () => ctx.close());

const get = (url: string) => request(ctx.app).get(url);
const pathOf = (href: string) => { const u = new URL(href); return u.pathname + u.search; };

async function walk(client: { get(url: string): request.Test }, first: string) {
  const features: any[] = [];
  let url: string | null = first;
  let pages = 0;
  while (url) {
    const res: request.Response = await client.get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    expect(res.body.numberReturned).toBe(res.body.features.length);
    features.push(...res.body.features);
    pages++;
    const next = res.body.links.find((l: any) => l.rel === 'next');
    if (!next) expect(features).toHaveLength(res.body.numberMatched);
    url = next ? pathOf(next.href) : null;
  }
  return { features, pages };
}

test('landing page, conformance, OpenAPI and collections', async () => {
  const landing = await get('/ogc');
  expect(landing.body.links.map((l: any) => l.rel).sort()).toEqual(['conformance', 'data', 'self', 'service-desc']);
  const conf = await get('/ogc/conformance');
  expect(conf.body.conformsTo).toEqual(expect.arrayContaining([
    'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
    'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
    'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  ]));
  const api = await get('/ogc/api');
  expect(api.headers['content-type']).toMatch(/^application\/vnd\.oai\.openapi\+json/);
  expect(api.body.openapi).toBe('3.0.3');
  expect(Object.keys(api.body.paths)).toContain('/collections/assets/items');
  const cols = await get('/ogc/collections');
  expect(cols.body.collections.map((c: any) => c.id)).toEqual(['assets', 'sites', 'leros', 'pathways']);
  const one = await get('/ogc/collections/sites');
  expect(one.body.extent.spatial.bbox[0]).toHaveLength(4);
  expect((await get('/ogc/collections/nothing')).status).toBe(404);
  expect((await get('/ogc/collections/nothing/items')).status).toBe(404);
});

test('assets: every published asset once, through next links; prev links go back', async () => {
  const { features, pages } = await walk({ get }, '/ogc/collections/assets/items?limit=25');
  expect(pages).toBe(Math.ceil(publishedIds.length / 25));
  expect(features.map((f) => f.id).sort()).toEqual(publishedIds);
  const second = await get('/ogc/collections/assets/items?limit=25&offset=25');
  const prev = second.body.links.find((l: any) => l.rel === 'prev');
  expect((await get(pathOf(prev.href))).body.features.map((f: any) => f.id)).toEqual((await get('/ogc/collections/assets/items?limit=25')).body.features.map((f: any) => f.id));
  expect((await get('/ogc/collections/assets/items')).body.links.some((l: any) => l.rel === 'prev')).toBe(false);
});

test('sites and LEROs: every one, matching the database', async () => {
  const sites = await walk({ get }, '/ogc/collections/sites/items?limit=50');
  expect(sites.features.map((f) => f.id).sort()).toEqual([...new Set(links.map((l) => l.site_id))].sort());
  const leros = await walk({ get }, '/ogc/collections/leros/items');
  const expected = await ctx.db.knex('organisation').where({ kind: 'lero' }).whereNull('archived_at').select('id');
  expect(leros.features.map((f) => f.id).sort()).toEqual(expected.map((r: { id: string }) => r.id).sort());
  for (const f of leros.features) {
    const sitesOf = new Set((await ctx.db.knex('asset as a').join('asset_site as x', 'x.asset_id', 'a.id').where({ 'a.organisation_id': f.id, 'a.status': 'published' }).select('x.site_id')).map((r: { site_id: string }) => r.site_id));
    const n = sitesOf.size;
    expect(f.geometry === null ? 0 : f.geometry.type === 'Point' ? 1 : f.geometry.coordinates.length).toBe(n);
  }
});

test('sensitive places: the public gets geom_public, coordinators the exact point; bbox filters on what the viewer sees', async () => {
  const sensitive = links.filter((l) => l.sensitive);
  expect(sensitive.length).toBeGreaterThan(0);
  for (const l of sensitive) {
    const pub = await get(`/ogc/collections/sites/items/${l.site_id}`);
    expect(pub.body.geometry.coordinates).toEqual([l.plng, l.plat]);
    const { location_precision: precision } = await ctx.db.knex('site').where({ id: l.site_id }).first('location_precision');
    expect(precision).not.toBe('exact');
    expect(pub.body.properties).toMatchObject({ venueName: null, address: null, locationPrecision: precision });
    const asset = await get(`/ogc/collections/assets/items/${l.asset_id}`);
    expect(asset.body.geometry.coordinates).toEqual([l.plng, l.plat]);
    const coord = await coordinator.get(`/ogc/collections/sites/items/${l.site_id}`);
    expect(coord.body.geometry.coordinates).toEqual([l.lng, l.lat]);
  }
  const l = sensitive[0];
  const tiny = `bbox=${l.lng - 0.0001},${l.lat - 0.0001},${l.lng + 0.0001},${l.lat + 0.0001}`;
  expect((await get(`/ogc/collections/assets/items?${tiny}`)).body.features.map((f: any) => f.id)).not.toContain(l.asset_id);
  expect((await coordinator.get(`/ogc/collections/assets/items?${tiny}`)).body.features.map((f: any) => f.id)).toContain(l.asset_id);
  const leros = (await get('/ogc/collections/leros/items')).body.features;
  const exact = new Set(sensitive.map((s) => `${s.lng},${s.lat}`));
  for (const f of leros) {
    const points = f.geometry === null ? [] : f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const p of points) expect(exact.has(`${p[0]},${p[1]}`)).toBe(false);
  }
});

test('bbox, datetime and property filters select exactly what the database says', async () => {
  const box = { minLng: -1.90, minLat: 53.70, maxLng: -1.84, maxLat: 53.74 };
  const inBox = new Set(links.filter((l) => l.plng >= box.minLng && l.plng <= box.maxLng && l.plat >= box.minLat && l.plat <= box.maxLat).map((l) => l.asset_id));
  const boxed = await walk({ get }, `/ogc/collections/assets/items?bbox=${box.minLng},${box.minLat},${box.maxLng},${box.maxLat}`);
  expect(boxed.features.map((f) => f.id).sort()).toEqual([...inBox].sort());

  const times = [...new Set(links.map((l) => new Date(l.updated_at).getTime()))].sort((a, b) => a - b);
  // Halfway between two distinct change times, so millisecond (JS) vs microsecond (PostgreSQL) precision cannot matter.
  const k = times.findIndex((t, i) => i >= times.length / 2 && times[i + 1] - t >= 2);
  const cut = new Date(Math.floor((times[k] + times[k + 1]) / 2));
  const since = await get(`/ogc/collections/assets/items?limit=1000&datetime=${cut.toISOString()}/..`);
  const sinceIds = new Set(links.filter((l) => new Date(l.updated_at) >= cut).map((l) => l.asset_id));
  expect(since.body.numberMatched).toBe(sinceIds.size);
  const before = await get(`/ogc/collections/assets/items?limit=1000&datetime=../${cut.toISOString()}`);
  expect(before.body.numberMatched).toBe(new Set(links.filter((l) => new Date(l.updated_at) <= cut).map((l) => l.asset_id)).size);

  const mutual = await get('/ogc/collections/assets/items?category=mutual_aid&limit=1000');
  expect(mutual.body.features.map((f: any) => f.id).sort()).toEqual([...new Set(links.filter((l) => l.category === 'mutual_aid').map((l) => l.asset_id))].sort());
  const peer = await get('/ogc/collections/assets/items?peerLed=true&limit=1000');
  const peerCount = Number((await ctx.db.knex('asset').where({ status: 'published', peer_led: true }).count('* as n'))[0].n);
  expect(peer.body.numberMatched).toBe(peerCount);
});

test('unknown parameters and bad values are 400s; limit above the maximum is capped', async () => {
  const unknown = await get('/ogc/collections/assets/items?colour=red');
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.details).toEqual([{ field: 'query.colour', message: 'is not a known field' }]);
  expect((await get('/ogc/collections/sites/items?category=mutual_aid')).status).toBe(400);
  expect((await get('/ogc/collections/assets/items?bbox=1,2,3')).body.error.details[0].field).toBe('query.bbox');
  expect((await get('/ogc/collections/assets/items?datetime=soon')).body.error.details[0].field).toBe('query.datetime');
  expect((await get('/ogc/collections/assets/items?limit=0')).status).toBe(400);
  const big = await get('/ogc/collections/assets/items?limit=100000');
  expect(big.status).toBe(200);
  expect(big.body.numberReturned).toBe(Math.min(1000, publishedIds.length));
  expect((await get('/ogc/collections/assets/items/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  expect((await get('/ogc/conformance?x=1')).status).toBe(400);
});

test('gap cells are listed, described and read only by the roles that read gaps', async () => {
  for (const client of [{ get }, volunteer]) {
    expect((await client.get('/ogc/collections')).body.collections.map((c: any) => c.id)).not.toContain('gap-cells');
    expect((await client.get('/ogc/collections/gap-cells')).status).toBe(404);
    expect((await client.get('/ogc/collections/gap-cells/items')).status).toBe(404);
    expect(Object.keys((await client.get('/ogc/api')).body.paths)).not.toContain('/collections/gap-cells/items');
  }
  for (const role of ['commissioner', 'coordinator', 'researcher', 'admin'] as const) {
    const client = await ctx.as(role);
    expect((await client.get('/ogc/collections')).body.collections.map((c: any) => c.id)).toEqual(['assets', 'sites', 'leros', 'pathways', 'gap-cells']);
    expect((await client.get('/ogc/collections/gap-cells')).status).toBe(200);
  }
  expect(Object.keys((await commissioner.get('/ogc/api')).body.paths)).toContain('/collections/gap-cells/items');
});

test('pathways: every pair of every published campaign, ends at public points for the public and exact ones for coordinators', async () => {
  expect(publishedPairs.length).toBeGreaterThan(0);
  const byId = new Map(publishedPairs.map((p) => [p.id, p]));
  const pub = await walk({ get }, '/ogc/collections/pathways/items?limit=50');
  expect(pub.pages).toBeGreaterThan(1);
  expect(pub.features.map((f) => f.id).sort()).toEqual([...byId.keys()].sort());
  let maskedEnds = 0;
  for (const f of pub.features) {
    const p = byId.get(f.id)!;
    expect(f.geometry).toEqual({ type: 'LineString', coordinates: [[p.aplng, p.aplat], [p.bplng, p.bplat]] });
    expect(f.properties).toMatchObject({ campaignId: p.campaign_id, status: p.status, outcome: p.outcome, aAssetId: p.a_asset_id, bAssetId: p.b_asset_id });
    for (const [differs, lng, lat] of [[p.a_exact_differs, p.alng, p.alat], [p.b_exact_differs, p.blng, p.blat]] as const) {
      if (!differs) continue;
      maskedEnds++;
      expect(f.geometry.coordinates).not.toContainEqual([lng, lat]);
    }
  }
  expect(maskedEnds).toBeGreaterThan(0);
  const coord = await walk(coordinator, '/ogc/collections/pathways/items?limit=1000');
  for (const f of coord.features) {
    const p = byId.get(f.id)!;
    expect(f.geometry.coordinates).toEqual([[p.alng, p.alat], [p.blng, p.blat]]);
  }
  const one = publishedPairs.find((p) => p.a_exact_differs || p.b_exact_differs)!;
  const item = await get(`/ogc/collections/pathways/items/${one.id}`);
  expect(item.status).toBe(200);
  expect(item.body.geometry.coordinates).toEqual([[one.aplng, one.aplat], [one.bplng, one.bplat]]);
  expect((await get('/ogc/collections/pathways/items/not-a-uuid')).status).toBe(400);
});

test('pathways: status, outcome, campaign and bbox filters match the tables', async () => {
  const reached = await get('/ogc/collections/pathways/items?status=reached&limit=1000');
  expect(reached.body.numberMatched).toBe(publishedPairs.filter((p) => p.status === 'reached').length);
  const best = await get('/ogc/collections/pathways/items?outcome=3&limit=1000');
  expect(best.body.features.map((f: any) => f.id).sort()).toEqual(publishedPairs.filter((p) => p.outcome === 3).map((p) => p.id).sort());
  const campaign = publishedPairs[0].campaign_id;
  expect((await get(`/ogc/collections/pathways/items?campaignId=${campaign}&limit=1000`)).body.numberMatched)
    .toBe(publishedPairs.filter((p) => p.campaign_id === campaign).length);
  // A box around one public end holds every line with an end in it; a box at sea holds none.
  const p = publishedPairs[0];
  const box = [p.aplng - 0.001, p.aplat - 0.001, p.aplng + 0.001, p.aplat + 0.001];
  const ends = (q: PairEnds) => [[q.aplng, q.aplat], [q.bplng, q.bplat]].some(([x, y]) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]);
  const boxed = (await get(`/ogc/collections/pathways/items?bbox=${box.join(',')}&limit=1000`)).body.features.map((f: any) => f.id);
  expect(boxed).toEqual(expect.arrayContaining(publishedPairs.filter(ends).map((q) => q.id)));
  expect((await get('/ogc/collections/pathways/items?bbox=-5,50,-4.9,50.1')).body.numberMatched).toBe(0);
  expect((await get('/ogc/collections/pathways/items?colour=red')).status).toBe(400);
  expect((await get('/ogc/collections/pathways/items?outcome=7')).body.error.details[0].field).toBe('query.outcome');
});

test('gap cells: the same cells and values as the gaps API, with its parameters; unknown ones are 400s', async () => {
  const api = await commissioner.get('/api/gaps/cells?category=mutual_aid');
  expect(api.status).toBe(200);
  const expected = new Map<string, any>(api.body.features.map((f: any) => [`mutual_aid.${f.properties.cell_id}`, f]));
  const ogc = await walk(commissioner, '/ogc/collections/gap-cells/items?limit=1000');
  expect(ogc.features.map((f) => f.id).sort()).toEqual([...expected.keys()].sort());
  for (const f of ogc.features) {
    expect(f.properties).toEqual(expected.get(f.id).properties);
    expect(f.geometry).toEqual(expected.get(f.id).geometry);
  }
  const gapsOnly = await commissioner.get('/ogc/collections/gap-cells/items?gap=true&limit=1000');
  expect(gapsOnly.body.numberMatched).toBe(api.body.features.filter((f: any) => f.properties.gap).length);
  const housing = await commissioner.get('/api/gaps/cells?category=housing&threshold=2400&cellSize=1000');
  const ogcHousing = await commissioner.get('/ogc/collections/gap-cells/items?category=housing&threshold=2400&cellSize=1000&limit=1000');
  expect(ogcHousing.body.features.map((f: any) => f.properties)).toEqual(housing.body.features.map((f: any) => f.properties));
  const cell = ogc.features[0];
  const item = await commissioner.get(`/ogc/collections/gap-cells/items/${encodeURIComponent(cell.id)}`);
  expect(item.body.properties).toEqual(cell.properties);
  expect((await commissioner.get('/ogc/collections/gap-cells/items?datetime=2026-01-01T00:00:00Z')).status).toBe(400);
  expect((await commissioner.get('/ogc/collections/gap-cells/items?category=bowling')).body.error.details[0].field).toBe('query.category');
});

const describeWithGdal = fs.existsSync(OGRINFO) || process.env.CI ? describe : describe.skip;
describeWithGdal('GDAL OAPIF client (ogrinfo from gdal-bin)', () => {
  let server: http.Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      ctx.app(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ogc`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  let cookie: string | undefined;
  /** A commissioner's session cookie, for GDAL's requests (GDAL_HTTP_HEADERS). */
  const commissionerCookie = async () => {
    if (cookie) return cookie;
    const { email, password } = DEMO_ACCOUNTS.find((a) => a.role === 'commissioner')!;
    const res = await request(ctx.app).post('/api/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    cookie = String(res.headers['set-cookie']).split(';')[0];
    return cookie;
  };
  const ogrinfo = async (...args: string[]) => (await run(OGRINFO, ['--config', 'GDAL_HTTP_TIMEOUT', '60', ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 })).stdout;

  test('lists the public collections (and gap cells for a commissioner)', async () => {
    const out = await ogrinfo('-ro', '-so', `OAPIF:${base}`);
    for (const name of ['assets', 'sites', 'leros', 'pathways']) expect(out).toMatch(new RegExp(`^\\d+: ${name}\\b`, 'm'));
    expect(out).not.toMatch(/gap-cells/);
    expect(await ogrinfo('--config', 'GDAL_HTTP_HEADERS', `Cookie: ${await commissionerCookie()}`, '-ro', '-so', `OAPIF:${base}`)).toMatch(/^\d+: gap-cells\b/m);
  });

  test('reads every published pathway and, signed in, every gap cell, paging', async () => {
    const lines = await ogrinfo('-ro', '-oo', 'PAGE_SIZE=17', `OAPIF:${base}`, 'pathways');
    expect(lines).toMatch(new RegExp(`Feature Count: ${publishedPairs.length}`));
    const ids = [...lines.matchAll(/^\s+id \(String\) = ([0-9a-f-]{36})$/gm)].map((m) => m[1]).sort();
    expect(ids).toEqual(publishedPairs.map((p) => p.id).sort());
    expect(lines).toMatch(/LINESTRING \(/);
    const api = await commissioner.get('/api/gaps/cells?category=mutual_aid');
    const cells = await ogrinfo('--config', 'GDAL_HTTP_HEADERS', `Cookie: ${await commissionerCookie()}`, '-ro', '-oo', 'PAGE_SIZE=100', `OAPIF:${base}`, 'gap-cells');
    expect(cells).toMatch(new RegExp(`Feature Count: ${api.body.features.length}`));
    const cellIds = [...cells.matchAll(/^\s+id \(String\) = (mutual_aid\.\S+)$/gm)].map((m) => m[1]).sort();
    expect(cellIds).toEqual(api.body.features.map((f: any) => `mutual_aid.${f.properties.cell_id}`).sort());
  });

  test('reads every published asset and site, paging 17 at a time', async () => {
    for (const [layer, expected] of [['assets', publishedIds], ['sites', [...new Set(links.map((l) => l.site_id))].sort()]] as const) {
      const out = await ogrinfo('-ro', '-oo', 'PAGE_SIZE=17', `OAPIF:${base}`, layer);
      const ids = [...out.matchAll(/^\s+id \(String\) = ([0-9a-f-]{36})$/gm)].map((m) => m[1]).sort();
      expect({ layer, ids }).toEqual({ layer, ids: expected });
      expect(out).toMatch(new RegExp(`Feature Count: ${expected.length}`));
      const pages = seen.filter((u) => u.startsWith(`/ogc/collections/${layer}/items?`) && /limit=17\b/.test(u));
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(expected.length / 17));
    }
  });
});
