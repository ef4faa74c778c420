import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';
import { parseCsv } from '../../server/interop/files/csv';
import { unzipPackage } from '../../server/interop/openreferral/zip';
import { rawUploader } from './raw-upload';

/**
 * A coordinator's HSDS package (exact points) exported from one registry and imported
 * into a fresh one with publish=true gives the same records, every Waymark field included
 * (tags, peer-led, cost, wheelchair access, referral, commissioning, participation,
 * schedules and their notes, sensitivity); the refuge is held as pending, never
 * published, and nothing of it reaches an anonymous visitor; a second import writes
 * nothing. The public's package (masked) keeps the refuge sensitive too.
 */
let from: TestContext;
let into: TestContext;
let coord: Client;
let intoCoord: Client;
const ids: Record<string, string> = {};

const REFUGE = {
  name: 'Refuge 1B', category: 'housing', sensitive: true, whoFor: ['women'], tags: ['refuge', 'safe house'], peerLed: false, wheelchairAccess: true,
  selfReferral: false, professionalReferral: true, cost: 'free', commissioning: 'local_authority', participationLevel: 'consultation',
  phone: '01422 111222 x9', description: 'Safe housing for women.', schedule: [{ day: 2, start: '10:00', end: '12:00', note: 'Drop-in by referral' }],
  sites: [{ venueName: 'The Quiet House', address: '7 Hidden Row, Halifax', postcode: 'HX1 2ZZ', lat: 53.7199, lng: -1.8701 }],
};
const CAFE = {
  name: 'Halifax Recovery Café', category: 'recovery_community', whoFor: ['criminal_justice', 'women'], tags: ['coffee', 'peer support'], peerLed: true,
  wheelchairAccess: false, selfReferral: true, professionalReferral: null, cost: 'low_cost', costNotes: '£1 a cup', commissioning: 'independent',
  participationLevel: 'partnership', website: 'https://cafe.example.org', scheduleNotes: 'Closed on bank holidays',
  schedule: [{ day: 1, start: '10:00', end: '14:00', note: null }, { day: 1, start: '10:00', end: '14:00', note: 'Second room' }, { day: 6, start: '09:30', end: null, note: null }],
  sites: [{ venueName: 'Square Chapel', address: 'Square Road, Halifax', postcode: 'HX1 1QG', lat: 53.7222, lng: -1.8559 }],
};
const FIELDS = ['name', 'description', 'category', 'whoFor', 'tags', 'sensitive', 'phone', 'email', 'website', 'schedule', 'scheduleNotes', 'selfReferral',
  'professionalReferral', 'wheelchairAccess', 'cost', 'costNotes', 'peerLed', 'commissioning', 'participationLevel'] as const;
const fieldsOf = (a: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, a[f]]));
const placeOf = (s: Record<string, unknown>) => ({ venueName: s.venueName, address: s.address, postcode: s.postcode, lat: s.lat, lng: s.lng });

beforeAll(async () => {
  [from, into] = await Promise.all([createTestContext(), createTestContext()]);
  coord = await from.as('coordinator');
  intoCoord = await into.as('coordinator');
  for (const [key, body] of [['refuge', REFUGE], ['cafe', CAFE]] as const) {
    const res = await coord.post('/api/assets', { publish: true, ...body });
    expect(res.status).toBe(201);
    ids[key] = res.body.asset.id;
  }
});
afterAll(async () => Promise.all([from.close(), into.close()]));

const zipOf = (req: request.Test) => req.buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (b: Buffer) => chunks.push(b));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

test('schedule ids are unique per service in the API and in the package', async () => {
  const zipped = await zipOf(coord.get('/api/exports/hsds/datapackage.zip'));
  const schedules = parseCsv((await unzipPackage(new Uint8Array(zipped.body)))['schedules.csv']).records;
  expect(schedules.filter((s) => s.service_id === ids.cafe)).toHaveLength(3);
  expect(new Set(schedules.map((s) => s.id)).size).toBe(schedules.length);
  const pairs = (await request(from.app).get(`/openreferral/service_at_locations?full=true`)).body.contents;
  const cafe = pairs.find((p: { service_id: string }) => p.service_id === ids.cafe);
  const all = [...cafe.schedules, ...cafe.service.schedules].map((s: { id: string }) => s.id);
  expect(new Set(all).size).toBe(6);
});

test("a coordinator's package round trip: same records, the refuge held as pending and kept from the public; again writes nothing", async () => {
  const zipped = await zipOf(coord.get('/api/exports/hsds/datapackage.zip'));
  const upload = await rawUploader(into.app, 'coordinator');
  const send = () => upload('/api/imports/hsds?source=calder&publish=true', zipped.body as unknown as string, 'application/zip');
  const res = await send();
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ version: '3', services: 2, created: 2, problems: [], warnings: [] });
  const refs = await into.db.knex('external_ref').where({ source_kind: 'hsds', source_key: 'calder' }).select('external_id', 'asset_id');
  const idIn = (key: string) => refs.find((r) => r.external_id === ids[key])!.asset_id;
  expect(res.body.held).toEqual([{ row: expect.any(Number), assetId: idIn('refuge'), reason: 'sensitive', match: null }]);
  expect(res.body.heldRows[0].message).toMatch(/^is marked sensitive: imported as pending/);

  for (const key of ['refuge', 'cafe']) {
    const original = (await coord.get(`/api/assets/${ids[key]}`)).body;
    const copy = (await intoCoord.get(`/api/assets/${idIn(key)}`)).body;
    expect(fieldsOf(copy)).toEqual(fieldsOf(original));
    expect(copy.sites.map(placeOf)).toEqual(original.sites.map(placeOf));
    expect(copy.status).toBe(key === 'refuge' ? 'pending' : 'published');
  }
  const anonymous = (await request(into.app).get('/api/assets?limit=100')).body;
  expect(JSON.stringify(anonymous)).not.toContain('Refuge 1B');
  expect(JSON.stringify((await request(into.app).get('/openreferral/services?full=true')).body)).not.toContain('Hidden Row');

  const before = Number((await into.db.knex('audit_log').count('* as n'))[0].n);
  expect((await send()).body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  expect(Number((await into.db.knex('audit_log').count('* as n'))[0].n)).toBe(before);
});

test("the public's package (masked) brings the refuge in sensitive, at its masked point, never published", async () => {
  const zipped = await zipOf(request(from.app).get('/api/exports/hsds/datapackage.zip'));
  const text = Object.values(await unzipPackage(new Uint8Array(zipped.body))).join();
  expect(text).not.toContain('Hidden Row');
  expect(text).not.toContain('The Quiet House');
  const upload = await rawUploader(into.app, 'coordinator');
  const res = await upload('/api/imports/hsds?source=calder-public&publish=true', zipped.body as unknown as string, 'application/zip');
  expect(res.status).toBe(200);
  const ref = await into.db.knex('external_ref').where({ source_key: 'calder-public', external_id: ids.refuge }).first();
  const copy = (await intoCoord.get(`/api/assets/${ref.asset_id}`)).body;
  expect(copy).toMatchObject({ sensitive: true, status: 'pending' });
  const masked = (await from.db.knex.raw(`SELECT ST_Y(s.geom_public) AS lat, ST_X(s.geom_public) AS lng FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ?`, [ids.refuge])).rows[0];
  expect([copy.sites[0].lat, copy.sites[0].lng]).toEqual([masked.lat, masked.lng]);
  expect(res.body.held.find((h: { assetId: string }) => h.assetId === ref.asset_id).reason).toMatch(/^(sensitive|duplicate_of_sensitive)$/);
});
