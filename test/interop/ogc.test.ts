import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import request from 'supertest';
import { createDemoContext, type DemoContext } from '../demo-context';
import type { Client } from '../harness';

/**
 * OGC API Features over the whole demo: the standard's resources, paging by links,
 * filters checked against the database, masking, and GDAL's own OAPIF client reading
 * every published feature through several pages.
 */
const run = promisify(execFile);
const OGRINFO = '/usr/bin/ogrinfo';
let ctx: DemoContext;
let coordinator: Client;
type Link = { asset_id: string; site_id: string; sensitive: boolean; lat: number; lng: number; plat: number; plng: number; updated_at: Date; category: string };
let links: Link[];
let publishedIds: string[];

beforeAll(async () => {
  ctx = await createDemoContext();
  coordinator = await ctx.as('coordinator');
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
  expect(cols.body.collections.map((c: any) => c.id)).toEqual(['assets', 'sites', 'leros']);
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

  const ogrinfo = async (...args: string[]) => (await run(OGRINFO, ['--config', 'GDAL_HTTP_TIMEOUT', '60', ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 })).stdout;

  test('lists the three collections', async () => {
    const out = await ogrinfo('-ro', '-so', `OAPIF:${base}`);
    for (const name of ['assets', 'sites', 'leros']) expect(out).toMatch(new RegExp(`^\\d+: ${name}\\b`, 'm'));
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
