import { unzipSync } from 'fflate';
import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';
import { geodesicDistance } from '../geo-reference';
import { rawUploader } from '../interop/raw-upload';
import { FIXTURE_REFUGES } from './postcode-fixture';

/**
 * The standing export → import check (issue 17, "Privacy first"): a coordinator exports
 * the registry in every format Waymark writes, a fresh instance imports each file with
 * publish=true, and then nothing an anonymous visitor of the new instance can read
 * carries a refuge's exact point, and every refuge arrived still sensitive and unpublished
 * (held for a coordinator). A format that drops the refuge entirely would pass the first
 * check vacuously, so the second is required of every format that carries the record.
 */
let from: TestContext;
const REFUGE_NAMES = FIXTURE_REFUGES.map((r) => r.name);
const EXACT = FIXTURE_REFUGES.map((r) => ({ lat: r.lat, lng: r.lng }));
// A sensitive mutual-aid meeting place, so the Meeting Guide feed (mutual aid only) carries one too.
const SENSITIVE_MEETING = { name: 'Womens Safe Space Meeting', lat: 53.7262, lng: -1.8643 };

beforeAll(async () => {
  from = await createTestContext();
  const coord = await from.as('coordinator');
  const made = async (body: object) => {
    const res = await coord.post('/api/assets', { category: 'mutual_aid', publish: true, ...body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.asset as { id: string };
  };
  for (const r of FIXTURE_REFUGES) {
    await made({ name: r.name, category: 'housing', sensitive: true, sites: [{ lat: r.lat, lng: r.lng, postcode: r.postcode, address: '9 Quiet Lane', venueName: 'The House' }] });
    await made({ name: `${r.name} Walking Group`, sites: [{ lat: r.lat + 0.01, lng: r.lng + 0.01 }], schedule: [{ day: 2, start: '19:00', end: '20:30' }] });
  }
  await made({ name: SENSITIVE_MEETING.name, sensitive: true, sites: [{ lat: SENSITIVE_MEETING.lat, lng: SENSITIVE_MEETING.lng }], schedule: [{ day: 3, start: '18:00', end: '19:00' }] });
});
afterAll(async () => { await from.close(); });

/** Every [lng, lat] pair anywhere in a JSON body, and every {lat, lng} object. */
function coordinatesIn(body: unknown): { lat: number; lng: number }[] {
  const out: { lat: number; lng: number }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number') out.push({ lng: v[0], lat: v[1] });
      else v.forEach(walk);
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const [la, ln] of [['lat', 'lng'], ['latitude', 'longitude']]) {
        const lat = Number(o[la]);
        const lng = Number(o[ln]);
        if (o[la] !== undefined && o[la] !== null && Number.isFinite(lat) && Number.isFinite(lng)) out.push({ lat, lng });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(body);
  return out;
}

/** Everything anonymous visitors of `ctx` read that carries places. */
async function publicPlaces(ctx: TestContext): Promise<{ url: string; body: unknown }[]> {
  const anon = await ctx.as('anon');
  const urls = ['/api/assets?limit=1000', '/api/assets?limit=1000&format=geojson', '/ogc/collections/assets/items?limit=1000', '/ogc/collections/sites/items?limit=1000',
    '/api/exports/assets.geojson', '/api/exports/meeting-guide', '/openreferral/services?per_page=1000&full=true', '/openreferral/service_at_locations?per_page=1000'];
  const out = [];
  for (const url of urls) {
    const res = await anon.get(url);
    expect([url, res.status]).toEqual([url, 200]);
    out.push({ url, body: res.body });
  }
  const csv = await anon.get('/api/exports/assets.csv');
  out.push({ url: 'assets.csv', body: csv.text.split('\n').map((line) => line.split(',').map(Number)) });
  return out;
}

async function expectNothingExact(ctx: TestContext, format: string) {
  for (const { url, body } of await publicPlaces(ctx)) {
    const points = coordinatesIn(body);
    // CSV rows are read as numbers column by column: any lat,lng neighbours count.
    if (url === 'assets.csv') {
      for (const row of body as number[][]) for (let i = 0; i + 1 < row.length; i++) points.push({ lat: row[i], lng: row[i + 1] });
    }
    for (const exact of [...EXACT, SENSITIVE_MEETING]) {
      const near = points.filter((p) => Number.isFinite(p.lat) && Math.abs(p.lat) <= 90 && geodesicDistance(p, exact) < 5);
      expect({ format, url, exactPointsPublished: near.length }).toEqual({ format, url, exactPointsPublished: 0 });
    }
  }
}

/** Imported sensitive records, as the new instance's coordinator sees them: still sensitive, and not published. */
async function expectHeldSensitive(ctx: TestContext, names: string[], format: string) {
  const coord = await ctx.as('coordinator');
  const res = await coord.get('/api/assets?limit=1000&status=pending,published');
  expect(res.status).toBe(200);
  const all = res.body.items as { name: string; sensitive: boolean; status: string }[];
  for (const name of names) {
    const got = all.filter((a) => a.name === name);
    expect({ format, name, found: got.length > 0 }).toEqual({ format, name, found: true });
    for (const a of got) expect({ format, name, sensitive: a.sensitive, status: a.status }).toEqual({ format, name, sensitive: true, status: 'pending' });
  }
}

async function freshInstance(): Promise<{ ctx: TestContext; coord: Client; upload: Awaited<ReturnType<typeof rawUploader>> }> {
  const ctx = await createTestContext();
  return { ctx, coord: await ctx.as('coordinator'), upload: await rawUploader(ctx.app, 'coordinator') };
}

const binary = (res: request.Response) => res.body as Buffer;
const asBuffer = (req: request.Test) => req.buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});

test('HSDS data package (zip) from a coordinator: refuges arrive sensitive and held; nothing exact is published', async () => {
  const coord = await from.as('coordinator');
  const zip = binary(await asBuffer(coord.get('/api/exports/hsds/datapackage.zip')));
  expect(Object.keys(unzipSync(new Uint8Array(zip)))).toContain('datapackage.json');
  const to = await freshInstance();
  try {
    const res = await to.upload('/api/imports/hsds?source=other-instance&publish=true&mode=valid_only', zip as unknown as string, 'application/zip');
    expect(res.status).toBe(200);
    await expectHeldSensitive(to.ctx, [...REFUGE_NAMES, SENSITIVE_MEETING.name], 'hsds-zip');
    await expectNothingExact(to.ctx, 'hsds-zip');
  } finally {
    await to.ctx.close();
  }
});

test('CSV and GeoJSON exports from a coordinator: sensitivity read back, refuges held; nothing exact is published', async () => {
  const coord = await from.as('coordinator');
  const csv = (await coord.get('/api/exports/assets.csv')).text;
  const geojson = JSON.stringify((await coord.get('/api/exports/assets.geojson')).body);
  for (const [format, text, type] of [['csv', csv, 'text/csv'], ['geojson', geojson, 'application/geo+json']] as const) {
    const to = await freshInstance();
    try {
      const preview = await to.upload(`/api/imports/files/preview?source=other-instance&format=${format}`, text, type);
      expect(preview.status).toBe(200);
      expect((await to.coord.put('/api/imports/mappings/other-instance', { mapping: preview.body.suggestedMapping })).status).toBe(200);
      const res = await to.upload(`/api/imports/files?source=other-instance&format=${format}&publish=true&mode=valid_only`, text, type);
      expect([format, res.status]).toEqual([format, 200]);
      await expectHeldSensitive(to.ctx, [...REFUGE_NAMES, SENSITIVE_MEETING.name], format);
      await expectNothingExact(to.ctx, format);
    } finally {
      await to.ctx.close();
    }
  }
});

test('Meeting Guide feed exported to a coordinator carries no sensitive exact place; imported elsewhere nothing exact is published', async () => {
  const coord = await from.as('coordinator');
  const feed = (await coord.get('/api/exports/meeting-guide')).body as Record<string, unknown>[];
  for (const exact of [SENSITIVE_MEETING]) {
    expect(coordinatesIn(feed).filter((p) => geodesicDistance(p, exact) < 5)).toEqual([]);
  }
  const to = await freshInstance();
  try {
    const res = await to.upload('/api/imports/meeting-guide?source=other-instance&publish=true&mode=valid_only', JSON.stringify(feed), 'application/json');
    expect(res.status).toBe(200);
    await expectNothingExact(to.ctx, 'meeting-guide');
  } finally {
    await to.ctx.close();
  }
});

test('the check can fail: a refuge published exactly is seen', async () => {
  const to = await freshInstance();
  try {
    const r = FIXTURE_REFUGES[0];
    expect((await to.coord.post('/api/assets', { name: 'Leak', category: 'housing', publish: true, sites: [{ lat: r.lat, lng: r.lng }] })).status).toBe(201);
    await expect(expectNothingExact(to.ctx, 'control')).rejects.toThrow();
  } finally {
    await to.ctx.close();
  }
});
