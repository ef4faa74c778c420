import { createTestContext, type Client, type TestContext } from '../harness';
import { seededRandom } from '../../server/stats/random';

/**
 * Issue 23: /ogc/collections/assets/items reads the public read model for every viewer
 * who may not see exact places. Its features are the listing's records (GET /api/assets,
 * name order) for the same box, filters and pages; numberMatched is right wherever it is
 * given; paging links keep every filter; answers carry the data version's ETag.
 */
let ctx: TestContext;
let anon: Client, comm: Client, coord: Client;
const random = seededRandom(20261207);
const int = (lo: number, hi: number) => random.int(lo, hi);
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
const CATEGORIES = ['mutual_aid', 'housing', 'advice'] as const;
const WHO_FOR = ['women', 'men', 'young_adults'] as const;
const point = () => ({ lat: 53.69 + int(0, 6000) / 1e5, lng: -1.91 + int(0, 10000) / 1e5 });
let orgId: string;
let splitAt: string; // an updatedAt half the assets are before

const ok = (res: { status: number; body: any }, what: string) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

beforeAll(async () => {
  ctx = await createTestContext();
  [anon, comm, coord] = await Promise.all([ctx.as('anon'), ctx.as('commissioner'), ctx.as('coordinator')]);
  orgId = ok(await coord.post('/api/organisations', { name: 'Halifax Recovery Trust', kind: 'other' }), 'organisation').id;
  for (let i = 0; i < 26; i++) {
    const sites = Array.from({ length: i % 5 === 0 ? 2 : 1 }, point);
    ok(await coord.post('/api/assets', {
      // Some names repeat, so the name order's tie-break (the id) is exercised.
      name: `${pick(['Anchor', 'Beacon', 'Compass'])} ${i % 7}`, category: pick(CATEGORIES), publish: true, sensitive: i % 6 === 0,
      peerLed: i % 3 === 0, whoFor: [pick(WHO_FOR)], organisationId: i % 4 === 0 ? orgId : undefined, sites, confirmOutsideBoundary: true,
      schedule: i % 2 ? [{ day: 1, start: '10:00', end: '12:00' }, { day: 4, start: '18:30' }] : [],
    }), `asset ${i}`);
  }
  ok(await coord.post('/api/assets', { name: 'Unpublished', category: 'advice', sites: [point()], confirmOutsideBoundary: true }), 'draft');
  const times = (await ctx.db.knex('asset').where({ status: 'published' }).orderBy('updated_at').select('updated_at')).map((r: { updated_at: Date }) => r.updated_at);
  splitAt = times[13].toISOString();
});
afterAll(async () => { await ctx.close(); });

const pathOf = (href: string) => { const u = new URL(href); return u.pathname + u.search; };

/** Every page of an OGC items URL, by its next links. */
async function ogcPages(client: Client, first: string) {
  const pages: any[] = [];
  for (let url: string | null = first; url;) {
    const res = await client.get(url);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    pages.push(body);
    const next = body.links.find((l: any) => l.rel === 'next');
    url = next ? pathOf(next.href) : null;
  }
  return pages;
}

/** The listing's records, page by page, in name order. */
async function listingPage(client: Client, query: string, limit: number, offset: number) {
  const res = await client.get(`/api/assets?sort=name&limit=${limit}&offset=${offset}${query ? `&${query}` : ''}`);
  expect(res.status).toBe(200);
  return res.body.items as any[];
}

/** What an OGC asset feature must say, from the listing's record (server/interop/ogc/features.ts). */
function expectedFeature(r: any) {
  const coords = r.sites.map((s: any) => [s.lng, s.lat]);
  const order = ['exact', 'grid_1km', 'grid_2km', 'outward_code'];
  return {
    type: 'Feature', id: r.id,
    geometry: coords.length === 0 ? null : coords.length === 1 ? { type: 'Point', coordinates: coords[0] } : { type: 'MultiPoint', coordinates: coords },
    properties: {
      name: r.name, category: r.category, description: r.description, organisationId: r.organisation?.id ?? null, organisationName: r.organisation?.name ?? null,
      peerLed: r.peerLed, whoFor: r.whoFor,
      schedule: r.schedule.map((e: any) => `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][e.day]} ${e.start}${e.end ? `-${e.end}` : ''}`).join('; ') || null,
      phone: r.phone, email: r.email, website: r.website, siteIds: r.sites.map((s: any) => s.id).join(','),
      locationPrecision: r.sites.map((s: any) => s.locationPrecision).reduce((w: string, p: string) => (order.indexOf(p) > order.indexOf(w) ? p : w), 'exact'),
      lastVerifiedAt: r.lastVerifiedAt, updatedAt: r.updatedAt,
    },
  };
}

const BOXES = ['-1.91,53.69,-1.81,53.75', '-1.90,53.70,-1.85,53.73', '-1.86,53.71,-1.82,53.75', '-1.70,53.00,-1.60,53.10'];
const FILTERS: [string, string][] = [
  ['', ''],
  [`category=advice`, 'category=advice'],
  ['peerLed=true', 'peerLed=true'],
  ['whoFor=women', 'whoFor=women'],
  [`organisationId=ORG`, 'organisationId=ORG'],
  ['datetime=SPLIT/..', 'updatedSince=SPLIT'],
  ['category=mutual_aid&peerLed=false', 'category=mutual_aid&peerLed=false'],
];
const fill = (q: string) => q.replace('ORG', orgId).replace('SPLIT', encodeURIComponent(splitAt));

test('every page of every box and filter is the listing\'s records for that page, in the same order; numberMatched is right', async () => {
  let compared = 0;
  const matchedByHand = new Map<string | null, number>();
  for (const bbox of [...BOXES, null]) {
    for (const [ogcQ, listQ] of FILTERS) {
      const limit = 4;
      const ogc = [ogcQ && fill(ogcQ), bbox && `bbox=${bbox}`].filter(Boolean).join('&');
      const list = [listQ && fill(listQ), bbox && `bbox=${bbox}`].filter(Boolean).join('&');
      const pages = await ogcPages(anon, `/ogc/collections/assets/items?limit=${limit}${ogc ? `&${ogc}` : ''}`);
      let total = 0;
      for (const [i, page] of pages.entries()) {
        const records = await listingPage(anon, list, limit, i * limit);
        expect({ ogc, page: i, features: page.features }).toEqual({ ogc, page: i, features: records.map(expectedFeature) });
        expect(page.numberReturned).toBe(records.length);
        total += records.length;
        compared += records.length;
        // Every filter survives into the paging links.
        for (const l of page.links.filter((x: any) => x.rel === 'next' || x.rel === 'prev')) {
          const u = new URL(l.href);
          for (const [k, v] of new URLSearchParams(ogc)) expect(u.searchParams.get(k)).toBe(v);
        }
      }
      // Nothing after the last page, and its numberMatched (free there) is the whole count.
      expect(await listingPage(anon, list, limit, pages.length * limit)).toEqual([]);
      const last = pages[pages.length - 1];
      expect(last.numberMatched).toBe(total);
      for (const p of pages.slice(0, -1)) expect(p.numberMatched).toBeUndefined();
      // Asked for, the count is on every page (a full page counts the rest; a short first
      // page is its own count), on one page holding everything, and past the end.
      const counted = await ogcPages(anon, `/ogc/collections/assets/items?limit=${limit}&numberMatched=true${ogc ? `&${ogc}` : ''}`);
      expect({ ogc, features: counted.map((p) => p.features) }).toEqual({ ogc, features: pages.map((p) => p.features) });
      expect({ ogc, matched: counted.map((p) => p.numberMatched) }).toEqual({ ogc, matched: counted.map(() => total) });
      for (const extra of ['limit=1000', `limit=${limit}&offset=${total + limit}`]) {
        const one = JSON.parse((await anon.get(`/ogc/collections/assets/items?${extra}&numberMatched=true${ogc ? `&${ogc}` : ''}`)).text);
        expect({ ogc, extra, matched: one.numberMatched, returned: one.numberReturned }).toEqual({ ogc, extra, matched: total, returned: extra === 'limit=1000' ? total : 0 });
      }
      if (!ogcQ) matchedByHand.set(bbox, total);
    }
  }
  expect(compared).toBeGreaterThan(150);
  // The unfiltered counts against the base tables (published assets with a public point in the box), not the read model.
  for (const [bbox, total] of matchedByHand) {
    const q = ctx.db.knex('asset as a').join('asset_site as x', 'x.asset_id', 'a.id').join('site as s', 's.id', 'x.site_id').where('a.status', 'published');
    if (bbox) q.where(ctx.db.knex.raw('s.geom_public && ST_MakeEnvelope(?, ?, ?, ?, 4326)', bbox.split(',').map(Number)));
    expect({ bbox, total }).toEqual({ bbox, total: Number((await q.countDistinct('a.id as n'))[0].n) });
  }
  expect([...matchedByHand.values()].filter((n) => n > 4).length).toBeGreaterThan(1);
});

test('a closed datetime interval selects exactly the assets changed in it', async () => {
  const rows = await ctx.db.knex('asset').where({ status: 'published' }).orderBy('updated_at').select('id', 'updated_at');
  const [from, to] = [rows[5].updated_at.toISOString(), rows[17].updated_at.toISOString()];
  const pages = await ogcPages(anon, `/ogc/collections/assets/items?limit=5&datetime=${encodeURIComponent(`${from}/${to}`)}`);
  const got = pages.flatMap((p) => p.features.map((f: any) => f.id)).sort();
  // The bounds as sent (to the millisecond; the server engine keeps microseconds), ends included.
  const expected = await ctx.db.knex('asset').where({ status: 'published' }).where('updated_at', '>=', from).where('updated_at', '<=', to).pluck('id');
  expect(expected.length).toBeGreaterThan(8);
  expect(got).toEqual(expected.sort());
});

test('numberMatched=true gives the whole count on every page; a commissioner is served the same as the public', async () => {
  const box = BOXES[1];
  const all = await listingPage(anon, `bbox=${box}`, 1000, 0);
  expect(all.length).toBeGreaterThan(3);
  const pages = await ogcPages(comm, `/ogc/collections/assets/items?bbox=${box}&limit=3&numberMatched=true`);
  expect(pages.length).toBe(Math.ceil(all.length / 3));
  for (const p of pages) expect(p.numberMatched).toBe(all.length);
  expect(pages.flatMap((p) => p.features)).toEqual(all.map(expectedFeature));
  // Past the end: an empty page, a prev link, and no guess at the count.
  const beyond = await anon.get(`/ogc/collections/assets/items?bbox=${box}&limit=3&offset=${all.length + 6}`);
  expect(beyond.body.features).toEqual([]);
  expect(beyond.body.numberMatched).toBeUndefined();
  expect(beyond.body.links.map((l: any) => l.rel)).toContain('prev');
  const described = await anon.get('/ogc/collections/assets');
  expect(described.body.description).toMatch(/numberMatched/);
});

test('sensitive places: the public gets the public point, a coordinator the exact one', async () => {
  const sensitive = await ctx.db.knex('site as s').join('asset_site as x', 'x.site_id', 's.id').join('asset as a', 'a.id', 'x.asset_id')
    .where({ 'a.status': 'published', 's.sensitive': true })
    .select('a.id', ctx.db.knex.raw('ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat, ST_X(s.geom_public) AS plng, ST_Y(s.geom_public) AS plat'));
  expect(sensitive.length).toBeGreaterThan(0);
  const pub = (await ogcPages(anon, '/ogc/collections/assets/items?limit=1000')).flatMap((p) => p.features);
  const exact = (await ogcPages(coord, '/ogc/collections/assets/items?limit=1000')).flatMap((p) => p.features);
  const coordsOf = (fs: any[], id: string) => {
    const g = fs.find((f) => f.id === id).geometry;
    return g.type === 'Point' ? [g.coordinates] : g.coordinates;
  };
  for (const s of sensitive) {
    expect(coordsOf(pub, s.id)).toContainEqual([s.plng, s.plat]);
    expect(coordsOf(pub, s.id)).not.toContainEqual([s.lng, s.lat]);
    expect(coordsOf(exact, s.id)).toContainEqual([s.lng, s.lat]);
  }
  const site = await anon.get(`/ogc/collections/sites/items?limit=1000`);
  const masked = site.body.features.filter((f: any) => f.properties.locationPrecision !== 'exact');
  expect(masked.length).toBeGreaterThan(0);
  for (const f of masked) expect([f.properties.venueName, f.properties.address]).toEqual([null, null]);
});

test('items carry the data version ETag: a repeat is 304, a write changes it', async () => {
  const url = '/ogc/collections/assets/items?limit=5';
  const first = await anon.get(url);
  expect(first.headers.etag).toMatch(/^W\/"pv\d+"$/);
  expect((await anon.get(url).set('If-None-Match', first.headers.etag)).status).toBe(304);
  ok(await coord.post('/api/assets', { name: 'Aardvark Café', category: 'advice', publish: true, sites: [point()], confirmOutsideBoundary: true }), 'new');
  const after = await anon.get(url).set('If-None-Match', first.headers.etag);
  expect(after.status).toBe(200);
  expect(after.headers.etag).not.toBe(first.headers.etag);
  expect(after.body.features[0].properties.name).toBe('Aardvark Café');
});
