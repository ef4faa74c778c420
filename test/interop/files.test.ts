import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';
import { parseCsv } from '../../server/interop/files/csv';
import { destination } from '../geo-reference';
import { rawUploader } from './raw-upload';

/**
 * CSV and GeoJSON imports (mapping saved per source, row errors, all-or-nothing or valid
 * rows only, the registry's duplicate rule, re-imports that write nothing) and exports
 * that mask as the API does, each checked row by row against the source text.
 */
let ctx: TestContext;
let coord: Client;
const HX1 = { lat: 53.724334, lng: -1.857458 };
const nearHx1 = destination(HX1.lat, HX1.lng, 90, 20);
let upload: Awaited<ReturnType<typeof rawUploader>>;

beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  const send = await rawUploader(ctx.app, 'coordinator');
  upload = (url, text, contentType = 'text/csv', accept = 'application/json') => send(url, text, contentType, accept);
  await ctx.db.knex('postcode').insert({ postcode: 'HX1 1AA', geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [HX1.lng, HX1.lat]) });
  const made = await coord.post('/api/assets', { name: 'Shibden Recovery Allotment', category: 'social_leisure_arts', sites: [{ lat: 53.7302, lng: -1.8401 }], publish: true });
  expect(made.status).toBe(201);
});
afterAll(async () => ctx.close());

const CSV = [
  'Ref,Service name,Type,Who for,Postcode,Latitude,Longitude,Phone,Website,Peer led',
  'A1,Calder Walking Group,social_leisure_arts,,HX1 1AA,,,01422 123456,https://walk.example.org,yes',
  'A2,Halifax Recovery Café,Recovery community / café,Women;LGBTQ+,,53.7301,-1.8702,,,no',
  'A3,X,mutual_aid,,,53.7,-1.8,,,',
  'A4,Elland Shed,other,,HX9 9ZZ,,,,,',
  'A5,Bad Category,flying,,,53.71,-1.81,,,',
  `A6,Calder Walking Group,social_leisure_arts,,,${nearHx1.lat},${nearHx1.lng},,,`,
  'A7,Shibden Recovery Allotment,social_leisure_arts,,,53.7303,-1.8402,,,',
].join('\r\n');
const MAPPING = { externalId: 'Ref', name: 'Service name', category: 'Type', whoFor: 'Who for', postcode: 'Postcode', lat: 'Latitude', lng: 'Longitude', phone: 'Phone', website: 'Website', peerLed: 'Peer led' };

const auditCount = async () => Number((await ctx.db.knex('audit_log').count('* as n'))[0].n);

test('preview: columns, sample rows and a suggested mapping; importing needs a saved mapping', async () => {
  const res = await upload('/api/imports/files/preview?source=council-list', CSV);
  expect(res.status).toBe(200);
  expect(res.body.headers).toEqual(CSV.split('\r\n')[0].split(','));
  expect(res.body.rows).toBe(7);
  expect(res.body.sample[1]).toMatchObject({ 'Service name': 'Halifax Recovery Café', 'Who for': 'Women;LGBTQ+' });
  expect(res.body.savedMapping).toBeNull();
  expect(res.body.suggestedMapping).toEqual(MAPPING);
  const before = await auditCount();
  const none = await upload('/api/imports/files?source=council-list', CSV);
  expect(none.status).toBe(409);
  expect(none.body.error.details).toEqual([{ field: 'query.source', message: 'has no saved column mapping' }]);
  expect(await auditCount()).toBe(before);
});

test('the mapping is saved per source (audited); saving it unchanged writes nothing', async () => {
  const saved = await coord.put('/api/imports/mappings/council-list', { mapping: MAPPING });
  expect(saved.status).toBe(200);
  expect((await coord.get('/api/imports/mappings/council-list')).body.mapping).toEqual(MAPPING);
  const before = await auditCount();
  await coord.put('/api/imports/mappings/council-list', { mapping: MAPPING });
  expect(await auditCount()).toBe(before);
  const bad = await coord.put('/api/imports/mappings/council-list', { mapping: { colour: 'x' } });
  expect(bad.status).toBe(400);
});

const FLYING = expect.stringMatching(/^"flying" is not one we know: use one of Treatment, Harm reduction, Mutual aid, .*, Other$/);
const EXPECTED_PROBLEMS = [
  { row: 4, field: 'Service name', message: 'must be at least 2 characters' },
  { row: 6, field: 'Type', message: FLYING },
];

test('all-or-nothing: the row errors (row, column, message), and nothing written', async () => {
  const before = await auditCount();
  const res = await upload('/api/imports/files?source=council-list&mode=all_or_nothing', CSV);
  expect(res.status).toBe(422);
  expect(res.body.error.details).toEqual([
    { field: 'rows.4.Service name', message: 'must be at least 2 characters' },
    { field: 'rows.6.Type', message: FLYING },
  ]);
  expect(await ctx.db.knex('asset').count('* as n')).toEqual([{ n: 1 }]);
  expect(await auditCount()).toBe(before);
});

test('valid rows only: imports the good rows as pending; likely duplicates and unplaced rows held, never dropped', async () => {
  const res = await upload('/api/imports/files?source=council-list&mode=valid_only', CSV);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ rows: 7, created: 5, updated: 0, skipped: 2 });
  expect(res.body.problems).toEqual(EXPECTED_PROBLEMS);
  // No record ids in what the user reads: the match by name and status.
  expect(res.body.held).toEqual([
    { row: 5, field: 'Postcode', reason: 'postcode_not_on_file', message: 'HX9 9ZZ: postcode not on file: place it on the map (imported as pending, with no place yet)' },
    { row: 7, field: 'Service name', reason: 'likely_duplicate', message: 'is likely a duplicate of "Calder Walking Group" (pending): held as pending for review beside its match' },
    { row: 8, field: 'Service name', reason: 'likely_duplicate', message: 'is likely a duplicate of "Shibden Recovery Allotment" (published): held as pending for review beside its match' },
  ]);
  expect(res.body.warnings).toEqual([{ row: 5, field: 'Postcode', message: 'HX9 9ZZ: postcode not on file: place it on the map' }]);
  const refs = await ctx.db.knex('external_ref').where({ source_key: 'council-list' }).select('external_id', 'asset_id').orderBy('external_id');
  expect(refs.map((r) => r.external_id)).toEqual(['A1', 'A2', 'A4', 'A6', 'A7']);
  const [walk, cafe, shed] = await Promise.all(refs.slice(0, 3).map(async (r) => (await coord.get(`/api/assets/${r.asset_id}`)).body));
  expect(walk).toMatchObject({ name: 'Calder Walking Group', category: 'social_leisure_arts', phone: '01422 123456', website: 'https://walk.example.org', peerLed: true, whoFor: [], status: 'pending', learnedFrom: 'import' });
  expect(walk.sites[0]).toMatchObject({ postcode: 'HX1 1AA', lat: HX1.lat, lng: HX1.lng });
  expect(cafe).toMatchObject({ name: 'Halifax Recovery Café', category: 'recovery_community', whoFor: ['women', 'lgbtq'], peerLed: false, phone: null });
  expect(cafe.sites[0]).toMatchObject({ lat: 53.7301, lng: -1.8702, postcode: null });
  // Not on file: no place yet, and the reviewer reads why and what the row said.
  expect(shed).toMatchObject({ name: 'Elland Shed', status: 'pending', sites: [], statusReason: 'HX9 9ZZ is not in the postcode table: place it on the map.' });
  const versions = await ctx.db.knex('asset_version').whereIn('asset_id', refs.map((r) => r.asset_id)).count('* as n');
  expect(versions).toEqual([{ n: 5 }]);
  const statuses = await ctx.db.knex('asset').whereIn('id', refs.map((r) => r.asset_id)).distinct('status');
  expect(statuses).toEqual([{ status: 'pending' }]);
  const queue = (await coord.get('/api/review/queue?limit=500')).body.items.map((a: { id: string }) => a.id);
  expect(queue).toEqual(expect.arrayContaining(refs.map((r) => r.asset_id)));
  const inserts = await ctx.db.knex('audit_log').whereIn('row_id', refs.map((r) => r.asset_id)).where({ action: 'insert' }).select('actor_id');
  expect(inserts.map((e) => e.actor_id)).toEqual(refs.map(() => coord.userId));
});

test('re-importing the same file writes nothing; a changed row updates only that asset', async () => {
  const before = await auditCount();
  const again = await upload('/api/imports/files?source=council-list&mode=valid_only', CSV);
  expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 5, held: [] });
  expect(again.body.problems).toEqual(EXPECTED_PROBLEMS);
  expect(await auditCount()).toBe(before);

  const lastId = Number((await ctx.db.knex('audit_log').max('id as m'))[0].m);
  const changed = CSV.replace('01422 123456', '01422 654321');
  const res = await upload('/api/imports/files?source=council-list&mode=valid_only', changed);
  expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
  const entries = await ctx.db.knex('audit_log').where('id', '>', lastId).select('table_name', 'action');
  expect(entries).toEqual([{ table_name: 'asset', action: 'update' }]);
});

test('progress as NDJSON for large files, then the report', async () => {
  await coord.put('/api/imports/mappings/big-list', { mapping: { name: 'name', category: 'category', lat: 'lat', lng: 'lng' } });
  const lines = ['name,category,lat,lng'];
  for (let i = 0; i < 300; i++) lines.push(`Bulk Group ${i},other,${53.65 + i * 0.001},${-1.95 + (i % 7) * 0.01}`);
  const res = await upload('/api/imports/files?source=big-list&mode=valid_only', lines.join('\n'), 'text/csv', 'application/x-ndjson');
  expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
  const out = res.text.trim().split('\n').map((l) => JSON.parse(l));
  expect(out.slice(0, -1).every((o) => o.progress)).toBe(true);
  expect(out.map((o) => o.progress?.phase).filter(Boolean)).toEqual(expect.arrayContaining(['reading', 'validating', 'writing']));
  expect(out[out.length - 1].report).toMatchObject({ rows: 300, created: 300, problems: [] });
});

test('GeoJSON import uses the same mapping step (latitude/longitude from the points)', async () => {
  const fc = { type: 'FeatureCollection', features: [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [-1.901, 53.741] }, properties: { title: 'Todmorden Peer Circle', kind: 'lero_peer_support' } },
    { type: 'Feature', geometry: null, properties: { title: 'Nowhere Group', kind: 'other' } },
  ] };
  const text = JSON.stringify(fc);
  const pv = await upload('/api/imports/files/preview?source=gis-layer&format=geojson', text, 'application/octet-stream');
  expect(pv.body.headers).toEqual(['title', 'kind', 'latitude', 'longitude']);
  await coord.put('/api/imports/mappings/gis-layer', { mapping: { name: 'title', category: 'kind', lat: 'latitude', lng: 'longitude' } });
  const res = await upload('/api/imports/files?source=gis-layer&format=geojson&mode=valid_only&publish=true', text, 'application/octet-stream');
  expect(res.body).toMatchObject({ created: 1, problems: [{ row: 2, field: 'latitude', message: 'needs lat and lng, or a postcode' }] });
  const made = (await coord.get(`/api/assets/${res.body.createdIds[0]}`)).body;
  expect(made).toMatchObject({ name: 'Todmorden Peer Circle', category: 'lero_peer_support', status: 'published' });
  expect(made.sites[0]).toMatchObject({ lat: 53.741, lng: -1.901 });
});

test('exports: CSV and GeoJSON hold what the API shows each viewer, sensitive places masked', async () => {
  const refs = await ctx.db.knex('external_ref').where({ source_key: 'council-list' }).whereIn('external_id', ['A1', 'A2']).select('asset_id', 'external_id').orderBy('external_id');
  for (const r of refs) expect((await coord.post(`/api/assets/${r.asset_id}/publish`)).status).toBe(200);
  const cafeId = refs[1].asset_id;
  await coord.patch(`/api/assets/${cafeId}`, { sensitive: true, sites: [{ venueName: 'Safe House', address: '1 Quiet Row', postcode: 'HX1 2AB', lat: 53.7301, lng: -1.8702 }] });
  const site = (await ctx.db.knex.raw(`SELECT ST_Y(s.geom_public) AS lat, ST_X(s.geom_public) AS lng, s.location_precision AS precision FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ?`, [cafeId])).rows[0];

  const csv = await request(ctx.app).get('/api/exports/assets.csv');
  expect(csv.status).toBe(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  const table = parseCsv(csv.text);
  const published = await ctx.db.knex('asset').where({ status: 'published' }).select('id', 'name');
  expect(table.records.map((r) => r.id).sort()).toEqual(published.map((p) => p.id).sort());
  for (const p of published) expect(table.records.find((r) => r.id === p.id)!.name).toBe(p.name);
  const masked = table.records.find((r) => r.id === cafeId)!;
  expect(masked).toMatchObject({ venueName: '', address: '', postcode: 'HX1', locationPrecision: site.precision, lat: String(site.lat), lng: String(site.lng) });
  expect(csv.text).not.toContain('Quiet Row');
  const exact = parseCsv((await coord.get('/api/exports/assets.csv')).text).records.find((r) => r.id === cafeId)!;
  expect(exact).toMatchObject({ venueName: 'Safe House', postcode: 'HX1 2AB', lat: '53.7301', lng: '-1.8702', locationPrecision: 'exact' });

  const geo = await request(ctx.app).get('/api/exports/assets.geojson');
  expect(geo.headers['content-type']).toMatch(/^application\/geo\+json/);
  const feature = geo.body.features.find((f: any) => f.properties.assetId === cafeId);
  expect(feature.geometry.coordinates).toEqual([site.lng, site.lat]);
  expect(feature.properties.venueName).toBeNull();
  expect((await request(ctx.app).get('/api/exports/assets.csv?status=pending')).status).toBe(403);
});

test("a partnership's own spreadsheet (5 rows, one bad): the default mode imports the 4 good rows and names every problem of the bad one", async () => {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'csv', 'partnership-groups.csv'), 'utf8');
  const peoplesPark = { lat: 53.7196, lng: -1.8768 };
  await ctx.db.knex('postcode').insert({ postcode: 'HX1 3AA', geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [peoplesPark.lng, peoplesPark.lat]) });
  const pv = await upload('/api/imports/files/preview?source=own-sheet', text);
  expect(pv.body.suggestedMapping).toEqual({
    name: 'Group name', category: 'Category', whoFor: 'Who is it for?', venueName: 'Venue Name', address: 'Address', postcode: 'Postcode',
    schedule: 'Day and time', phone: 'Contact phone', email: 'Email', description: 'Notes', wheelchairAccess: 'Wheelchair accessible?', cost: 'Cost',
  });
  expect((await coord.put('/api/imports/mappings/own-sheet', { mapping: pv.body.suggestedMapping })).status).toBe(200);

  const res = await upload('/api/imports/files?source=own-sheet', text);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ rows: 5, created: 4, updated: 0, unchanged: 0, skipped: 1 });
  expect(res.body.problems).toEqual([
    { row: 6, field: 'Who is it for?', message: expect.stringMatching(/^"Everyone" is not one we know: use one of Women, Men, /) },
    { row: 6, field: 'Category', message: expect.stringMatching(/^"Knitting" is not one we know: use one of Treatment, Harm reduction, Mutual aid, /) },
    { row: 6, field: 'Wheelchair accessible?', message: '"Maybe" is not yes or no' },
    { row: 6, field: 'Postcode', message: '"HX6" is not a UK postcode: give a postcode, or lat and lng' },
    { row: 6, field: 'Email', message: expect.stringMatching(/email/i) },
  ]);
  expect(res.body.held).toEqual([
    { row: 3, field: 'Postcode', reason: 'postcode_not_on_file', message: 'OL14 7BX: postcode not on file: place it on the map (imported as pending, with no place yet)' },
    { row: 4, field: 'Postcode', reason: 'postcode_not_on_file', message: 'HD6 3LZ: postcode not on file: place it on the map (imported as pending, with no place yet)' },
  ]);
  const removed = "kept out of the public text: 1 phone number (a coordinator may put back an organisation's own public contact)";
  expect(res.body.warnings).toEqual([
    { row: 2, field: 'Notes', message: removed },
    { row: 3, field: 'Postcode', message: 'OL14 7BX: postcode not on file: place it on the map' },
    { row: 4, field: 'Postcode', message: 'HD6 3LZ: postcode not on file: place it on the map' },
    { row: 5, field: 'Notes', message: removed.replace('1 phone number', '1 e-mail address') },
  ]);
  const byName = async (name: string) => (await coord.get(`/api/assets/${(await ctx.db.knex('asset').where({ name }).first('id')).id}`)).body;
  const aa = await byName('Halifax Tuesday AA');
  expect(aa).toMatchObject({
    category: 'mutual_aid', wheelchairAccess: true, cost: 'free', status: 'pending', schedule: [{ day: 2, start: '19:30', end: '21:00' }],
    description: 'Open meeting, all welcome. First time? Ring Jo on [contact details removed]',
  });
  expect(aa.sites[0]).toMatchObject({ venueName: 'Square Chapel', address: '10 Square Road', postcode: 'HX1 1AA', lat: HX1.lat, lng: HX1.lng });
  expect(await byName('Todmorden Recovery Café')).toMatchObject({
    category: 'recovery_community', cost: 'low_cost', phone: '01706 813000', email: 'cafe@example.org', sites: [], schedule: [{ day: 5, start: '10:00', end: '13:00' }],
    statusReason: 'OL14 7BX is not in the postcode table: place it on the map. Venue: Todmorden Community College. Address: Burnley Road.',
  });
  expect(await byName('Brighouse SMART Recovery')).toMatchObject({ category: 'mutual_aid', wheelchairAccess: false, sites: [] });
  const walk = await byName("Women's Wellbeing Walk");
  expect(walk).toMatchObject({ category: 'social_leisure_arts', whoFor: ['women'], schedule: [{ day: 6, start: '10:00', end: null }], description: 'Meet at the fountain; contact [contact details removed]' });
  expect(walk.sites[0]).toMatchObject({ postcode: 'HX1 3AA', lat: peoplesPark.lat, lng: peoplesPark.lng });

  // Fixed and sent again: the four rows already in are recognised (no reference column:
  // by what they say) and left alone; only the fixed row is new.
  const before = await auditCount();
  const fixed = text.replace('Knitting,Everyone', 'Social,').replace(',HX6,', ',HX1 3AA,').replace('not-an-email,,Maybe', 'knit@example.org,,No');
  const again = await upload('/api/imports/files?source=own-sheet', fixed);
  expect(again.body).toMatchObject({ created: 1, unchanged: 4, updated: 0, skipped: 0, problems: [] });
  expect(await auditCount()).toBeGreaterThan(before);
});
