import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';
import { parseCsv } from '../../server/interop/files/csv';
import { hsdsValidator } from './hsds-validator';
import { unzipPackage, zipFiles } from '../../server/interop/openreferral/zip';
import { rawUploader } from './raw-upload';

/**
 * The HSDS tabular data package out (checked against the registry row by row, masked for
 * the public) and back in: a package or HSDS JSON imported into another registry gives
 * the same assets, assured_date as last verified, and a second import writes nothing.
 */
let from: TestContext;
let into: TestContext;
let coord: Client;
let intoCoord: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [from, into] = await Promise.all([createTestContext(), createTestContext()]);
  coord = await from.as('coordinator');
  intoCoord = await into.as('coordinator');
  const make = async (key: string, body: object) => {
    const res = await coord.post('/api/assets', { publish: true, ...body });
    expect(res.status).toBe(201);
    ids[key] = res.body.asset.id;
  };
  await make('aa', { name: 'Halifax Thursday AA', category: 'mutual_aid', whoFor: ['women'], phone: '01422 300300', website: 'https://aa.example.org',
    schedule: [{ day: 4, start: '19:30', end: '21:00', note: 'Open' }], sites: [{ venueName: 'Square Chapel', address: 'Square Road, Halifax', postcode: 'HX1 1QG', lat: 53.7222, lng: -1.8559 }] });
  await make('house', { name: 'Calder Recovery House', category: 'housing', sensitive: true, sites: [{ venueName: 'Quiet House', address: '2 Hidden Lane, Halifax', postcode: 'HX2 7AB', lat: 53.7301, lng: -1.8901 }] });
  await coord.post('/api/assets', { name: 'Pending Thing', category: 'other', sites: [{ lat: 53.71, lng: -1.86 }] });
});
afterAll(async () => Promise.all([from.close(), into.close()]));

const files = async (client: { get(url: string): request.Test }) => {
  const descriptor = (await client.get('/api/exports/hsds/datapackage.json')).body;
  const texts: Record<string, string> = {};
  for (const r of descriptor.resources) {
    const res = await client.get(`/api/exports/hsds/${r.path}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    texts[r.path] = res.text;
  }
  return { descriptor, texts };
};

test('the data package: a descriptor built from the HSDS schemas and a CSV per table, rows as the registry holds them', async () => {
  const { descriptor, texts } = await files({ get: (u: string) => request(from.app).get(u) });
  expect(descriptor.profile).toBe('tabular-data-package');
  expect(descriptor.resources.map((r: { path: string }) => r.path)).toEqual(['organizations.csv', 'services.csv', 'locations.csv', 'service_at_location.csv', 'addresses.csv', 'phones.csv', 'schedules.csv', 'taxonomies.csv', 'taxonomy_terms.csv', 'attributes.csv']);
  for (const r of descriptor.resources) expect(parseCsv(texts[r.path]).headers).toEqual(r.schema.fields.map((f: { name: string }) => f.name));
  const services = parseCsv(texts['services.csv']).records;
  expect(services.map((s) => s.name).sort()).toEqual(['Calder Recovery House', 'Halifax Thursday AA']);
  const aa = services.find((s) => s.id === ids.aa)!;
  const row = await from.db.knex('asset').where({ id: ids.aa }).first();
  expect(aa).toMatchObject({ name: row.name, url: row.website, status: 'active', assured_date: row.last_verified_at.toISOString().slice(0, 10) });
  expect(parseCsv(texts['schedules.csv']).records).toEqual([expect.objectContaining({ service_id: ids.aa, byday: 'TH', opens_at: '19:30', closes_at: '21:00', freq: 'WEEKLY' })]);
  expect(parseCsv(texts['phones.csv']).records).toEqual([expect.objectContaining({ service_id: ids.aa, number: '01422 300300' })]);

  // The public's package: the refuge-like house at its grid centre, no address row, no venue.
  const site = (await from.db.knex.raw(`SELECT s.id, ST_Y(s.geom_public) AS lat, ST_X(s.geom_public) AS lng FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ?`, [ids.house])).rows[0];
  const loc = parseCsv(texts['locations.csv']).records.find((l) => l.id === site.id)!;
  expect([Number(loc.latitude), Number(loc.longitude)]).toEqual([site.lat, site.lng]);
  expect(loc.name).toBe('');
  expect(parseCsv(texts['addresses.csv']).records.map((a) => a.location_id)).not.toContain(site.id);
  expect(Object.values(texts).join()).not.toContain('Hidden Lane');
});

test('a data package imported into another registry gives the same assets; importing it again writes nothing', async () => {
  const { descriptor, texts } = await files(coord);
  const res = await intoCoord.post('/api/imports/hsds?source=calder-package&publish=true', { datapackage: descriptor, files: texts });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ services: 2, created: 2, problems: [] });
  const refs = await into.db.knex('external_ref').where({ source_kind: 'hsds' }).select('external_id', 'asset_id');
  const aaId = refs.find((r) => r.external_id === ids.aa)!.asset_id;
  const aa = (await intoCoord.get(`/api/assets/${aaId}`)).body;
  const original = (await coord.get(`/api/assets/${ids.aa}`)).body;
  expect(aa).toMatchObject({ name: original.name, category: 'mutual_aid', whoFor: ['women'], phone: '01422 300300', website: 'https://aa.example.org', status: 'published' });
  expect(aa.schedule).toEqual([{ day: 4, start: '19:30', end: '21:00', note: 'Open' }]);
  expect(aa.sites[0]).toMatchObject({ venueName: 'Square Chapel', postcode: 'HX1 1QG', lat: 53.7222, lng: -1.8559 });
  expect(aa.lastVerifiedAt.slice(0, 10)).toBe(original.lastVerifiedAt.slice(0, 10));

  const before = Number((await into.db.knex('audit_log').count('* as n'))[0].n);
  const again = await intoCoord.post('/api/imports/hsds?source=calder-package&publish=true', { datapackage: descriptor, files: texts });
  expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  expect(Number((await into.db.knex('audit_log').count('* as n'))[0].n)).toBe(before);
});

const zipOf = (req: request.Test) => req.buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (b: Buffer) => chunks.push(b));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

test('the zipped data package holds exactly the files served one by one, masked the same way', async () => {
  for (const [client, masked] of [[{ get: (u: string) => request(from.app).get(u) }, true], [coord, false]] as const) {
    const { descriptor, texts } = await files(client);
    const res = await zipOf(client.get('/api/exports/hsds/datapackage.zip'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?datapackage\.zip"?$/);
    const inZip = await unzipPackage(new Uint8Array(res.body));
    expect(JSON.parse(inZip['datapackage.json'])).toEqual(descriptor);
    const { 'datapackage.json': _, ...csvs } = inZip;
    expect(csvs).toEqual(texts);
    if (masked) expect(Object.values(inZip).join()).not.toContain('Hidden Lane');
  }
});

test('a zipped data package imports like the JSON one (round trip), and a second import writes nothing', async () => {
  const zipped = await zipOf(coord.get('/api/exports/hsds/datapackage.zip'));
  const upload = await rawUploader(into.app, 'coordinator');
  const send = (body: Buffer) => upload('/api/imports/hsds?source=calder-zip&publish=true', body as unknown as string, 'application/zip');
  const res = await send(zipped.body);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ services: 2, created: 2, problems: [] });
  const refs = await into.db.knex('external_ref').where({ source_kind: 'hsds', source_key: 'calder-zip' }).select('external_id', 'asset_id');
  expect(refs.map((r) => r.external_id).sort()).toEqual([ids.aa, ids.house].sort());
  const aa = (await intoCoord.get(`/api/assets/${refs.find((r) => r.external_id === ids.aa)!.asset_id}`)).body;
  const original = (await coord.get(`/api/assets/${ids.aa}`)).body;
  expect(aa).toMatchObject({ name: original.name, phone: original.phone, website: original.website, whoFor: original.whoFor, schedule: original.schedule });
  expect(aa.sites[0]).toMatchObject({ venueName: 'Square Chapel', postcode: 'HX1 1QG', lat: 53.7222, lng: -1.8559 });

  const before = Number((await into.db.knex('audit_log').count('* as n'))[0].n);
  expect((await send(zipped.body)).body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  expect(Number((await into.db.knex('audit_log').count('* as n'))[0].n)).toBe(before);

  // Bounded: a zip of more entries than any package has is refused before anything is read into the registry.
  const many = zipFiles(Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`f${i}.csv`, 'x'])));
  const refused = await send(Buffer.from(many));
  expect(refused.status).toBe(413);
  expect(refused.body.error.details).toEqual([{ field: '(body)', message: 'has more than 64 entries' }]);
  const noDescriptor = await send(Buffer.from(zipFiles({ 'services.csv': 'id,name\r\n' })));
  expect([noDescriptor.status, noDescriptor.body.error.details[0].field]).toEqual([422, 'datapackage.json']);
  const badDescriptor = await send(Buffer.from(zipFiles({ 'datapackage.json': '{oops' })));
  expect([badDescriptor.status, badDescriptor.body.error.details[0].field]).toEqual([400, 'datapackage.json']);
});

test('HSDS JSON from another Open Referral API imports as pending; assured_date becomes last verified', async () => {
  const record = (await request(from.app).get(`/openreferral/services/${ids.aa}`)).body;
  expect(hsdsValidator('hsds').check('service.json', record)).toEqual([]);
  const foreign = { ...record, id: '7d1c2a4e-0000-4a00-8000-000000000001', name: 'Elland Sunday AA', assured_date: '2026-03-04' };
  const res = await intoCoord.post('/api/imports/hsds?source=other-directory', [foreign]);
  expect(res.body).toMatchObject({ created: 1 });
  const made = (await intoCoord.get(`/api/assets/${res.body.assets[0].assetId}`)).body;
  expect(made).toMatchObject({ name: 'Elland Sunday AA', status: 'pending', category: 'mutual_aid' });
  expect(made.lastVerifiedAt).toBe('2026-03-04T00:00:00.000Z');
  const bad = await intoCoord.post('/api/imports/hsds?source=other-directory', [{ ...foreign, id: 'x2', name: '' }]);
  expect(bad.status).toBe(422);
  expect(bad.body.error.details[0].field).toBe('rows.1.name');
  expect((await intoCoord.post('/api/imports/hsds?source=other-directory', { hello: 1 })).status).toBe(422);
});
