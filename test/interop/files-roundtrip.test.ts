import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';
import { rawUploader } from './raw-upload';

/**
 * Round trips (issue 17 item 12): records exported as CSV or GeoJSON by one instance and
 * imported into a fresh one come out the same, field by field; a second import writes
 * nothing. A refuge stays sensitive on the way: held as pending by an import that
 * publishes, and when it came from a public (masked) export, it arrives with the masked
 * point and never the exact one.
 */
let source: TestContext;
let coord: Client;
const REFUGE_POINT = { lat: 53.7301, lng: -1.8702 };

const RECORDS = [
  {
    name: 'Calder Valley SMART', category: 'mutual_aid', description: 'A SMART Recovery meeting.', tags: ['smart', 'evening'], peerLed: true,
    cost: 'low_cost', costNotes: '£2 for tea', wheelchairAccess: true, selfReferral: true, professionalReferral: false, commissioning: 'independent',
    participationLevel: 'delegated_leadership', whoFor: ['women', 'lgbtq'], phone: '+44 1422 111222', email: 'smart@example.org', website: 'https://smart.example.org',
    schedule: [{ day: 2, start: '19:00', end: '20:30', note: 'Open meeting' }, { day: 6, start: '10:00', end: null, note: 'Room 2 (upstairs); ring bell' }],
    scheduleNotes: 'Not on bank holidays',
    sites: [{ venueName: 'Square Chapel', address: '10 Square Road', postcode: 'HX1 1QG', lat: 53.7215, lng: -1.8566 }],
  },
  {
    name: 'Calderdale Women’s Refuge', category: 'housing', sensitive: true, whoFor: ['women'], tags: [], peerLed: false, cost: 'free', commissioning: 'local_authority',
    sites: [{ venueName: 'Safe House', address: '1 Quiet Row', postcode: 'HX1 2AB', ...REFUGE_POINT }],
  },
  {
    name: 'Two Towns Recovery Hub', category: 'recovery_community', tags: ['cafe'], peerLed: true, selfReferral: true, schedule: [{ day: 1, start: '09:30', end: '16:00', note: null }],
    sites: [
      { venueName: 'Hub, Halifax', address: '2 Market Street', postcode: 'HX1 1RE', lat: 53.7226, lng: -1.8611 },
      { venueName: 'Hub, Brighouse', address: '5 Bethel Street', postcode: 'HD6 1JN', lat: 53.7029, lng: -1.7822 },
    ],
  },
];

const FIELDS = ['name', 'category', 'description', 'tags', 'sensitive', 'peerLed', 'cost', 'costNotes', 'wheelchairAccess', 'selfReferral', 'professionalReferral',
  'commissioning', 'participationLevel', 'whoFor', 'phone', 'email', 'website', 'schedule', 'scheduleNotes'] as const;
type Asset = Record<string, any>;
const comparable = (a: Asset) => ({
  ...Object.fromEntries(FIELDS.map((f) => [f, f === 'tags' || f === 'whoFor' ? [...a[f]].sort() : a[f]])),
  // A record's places have no order of their own (the API lists them by id).
  sites: a.sites.map((s: Asset) => ({ venueName: s.venueName, address: s.address, postcode: s.postcode, lat: s.lat, lng: s.lng })).sort((x: Asset, y: Asset) => x.lat - y.lat),
});

beforeAll(async () => {
  source = await createTestContext();
  coord = await source.as('coordinator');
  for (const r of RECORDS) expect((await coord.post('/api/assets', { ...r, publish: true })).status).toBe(201);
});
afterAll(async () => source.close());

async function allAssets(client: Client): Promise<Asset[]> {
  const res = await client.get('/api/assets?limit=100&status=published,pending');
  expect(res.status).toBe(200);
  const list = res.body.items as Asset[];
  return Promise.all(list.map(async (a) => (await client.get(`/api/assets/${a.id}`)).body));
}

/** A fresh instance: the file previewed, its suggested mapping saved as is, imported (publishing), then imported again. */
async function intoFreshInstance(text: string, format: 'csv' | 'geojson', check: (ctx: TestContext, report: Asset, imported: Asset[]) => Promise<void>) {
  const target = await createTestContext();
  try {
    const upload = await rawUploader(target.app, 'coordinator');
    const type = format === 'csv' ? 'text/csv' : 'application/geo+json';
    const pv = await upload(`/api/imports/files/preview?source=other-instance&format=${format}`, text, type);
    expect(pv.status).toBe(200);
    const targetCoord = await target.as('coordinator');
    expect((await targetCoord.put('/api/imports/mappings/other-instance', { mapping: pv.body.suggestedMapping })).status).toBe(200);
    const first = await upload(`/api/imports/files?source=other-instance&format=${format}&publish=true`, text, type);
    expect(first.status).toBe(200);
    await check(target, first.body, await allAssets(targetCoord));
    const audit = async () => Number((await target.db.knex('audit_log').count('* as n'))[0].n);
    const before = await audit();
    const again = await upload(`/api/imports/files?source=other-instance&format=${format}&publish=true`, text, type);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, skipped: 0, held: [] });
    expect(await audit()).toBe(before);
  } finally {
    await target.close();
  }
}

/** Same records (every field, every place); the refuge held as pending, the others published. */
async function expectSameRecords(report: Asset, imported: Asset[], exportedBy: Asset[]) {
  expect(report).toMatchObject({ rows: 4, created: 3, skipped: 0, problems: [] });
  expect(report.held).toEqual([expect.objectContaining({ reason: 'sensitive', message: expect.stringMatching(/^is marked sensitive: imported as pending/) })]);
  const byName = (list: Asset[]) => [...list].sort((a, b) => a.name.localeCompare(b.name)).map(comparable);
  expect(byName(imported)).toEqual(byName(exportedBy));
  expect(Object.fromEntries(imported.map((a) => [a.name, a.status]))).toEqual({
    'Calder Valley SMART': 'published', 'Calderdale Women’s Refuge': 'pending', 'Two Towns Recovery Hub': 'published',
  });
}

test('CSV from one instance (a coordinator’s, exact places) into a fresh one: the same records; a second import writes nothing', async () => {
  const originals = await allAssets(coord);
  const csv = (await coord.get('/api/exports/assets.csv')).text;
  await intoFreshInstance(csv, 'csv', async (_ctx, report, imported) => expectSameRecords(report, imported, originals));
});

test('GeoJSON (every field, an externalId) from one instance into a fresh one: the same records; a second import writes nothing', async () => {
  const originals = await allAssets(coord);
  const geo = (await coord.get('/api/exports/assets.geojson')).body;
  expect(geo.features.every((f: Asset) => typeof f.properties.externalId === 'string')).toBe(true);
  await intoFreshInstance(JSON.stringify(geo), 'geojson', async (_ctx, report, imported) => expectSameRecords(report, imported, originals));
});

test('a public (masked) export keeps the refuge masked: imported as sensitive at the masked point, held, never the exact point', async () => {
  const refugeId = (await source.db.knex('asset').where({ sensitive: true }).first('id')).id;
  const masked = (await source.db.knex.raw(
    `SELECT ST_Y(s.geom_public) AS lat, ST_X(s.geom_public) AS lng, s.location_precision AS precision FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ?`, [refugeId],
  )).rows[0];
  expect(masked.precision).not.toBe('exact');
  for (const [format, text] of [
    ['csv', (await request(source.app).get('/api/exports/assets.csv')).text],
    ['geojson', JSON.stringify((await request(source.app).get('/api/exports/assets.geojson')).body)],
  ] as const) {
    expect(text).not.toContain(String(REFUGE_POINT.lat));
    expect(text).not.toContain('Quiet Row');
    await intoFreshInstance(text, format, async (target, report, imported) => {
      expect(report.held).toEqual([expect.objectContaining({ reason: 'sensitive' })]);
      expect(report.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining(`the point is approximate (${masked.precision})`) })]);
      const refuge = imported.find((a) => a.name === 'Calderdale Women’s Refuge')!;
      expect(refuge).toMatchObject({ sensitive: true, status: 'pending' });
      expect(refuge.sites).toEqual([expect.objectContaining({ lat: masked.lat, lng: masked.lng, venueName: null, address: null, postcode: null })]);
      const stored = (await target.db.knex.raw(`SELECT ST_Y(geom) AS lat, ST_X(geom) AS lng FROM site`)).rows;
      expect(stored).not.toContainEqual({ lat: REFUGE_POINT.lat, lng: REFUGE_POINT.lng });
    });
  }
});
