import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { defaultGapParams } from '../../server/dashboard/service';
import { createGapService } from '../../server/gaps/service';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import { createTestContext, type Client, type TestContext } from '../harness';

/**
 * The dashboard, report and PDF filtered by a ward the admin imported (the three invented
 * test wards of test/fixtures/wards, unions of real Calderdale LSOAs), and the latest
 * participation review on the dashboard. Every figure is checked against a hand count of
 * what this file made. A refuge inside Test Ward East whose masked point falls in Test Ward
 * West counts in West, never in East.
 */
let ctx: TestContext;
let upload: () => request.Test;
let coord: Client;
let commissioner: Client;
const ids: Record<string, string> = {};
const WARDS = readFileSync(path.join(__dirname, '../fixtures/wards/calderdale-test-wards.geojson'), 'utf8');
/** The fixture's LSOAs per ward, as its README lists them (the hand count of what each ward holds). */
const LSOAS = {
  'TEST-W1': ['E01010994', 'E01032923', 'E01010989', 'E01010968'],
  'TEST-W2': ['E01010965', 'E01010966', 'E01010960', 'E01010995', 'E01010964'],
  'TEST-W3': ['E01010969', 'E01010996', 'E01010974', 'E01011001'],
};
/** In E01010994 (East), in the 1 km masking cell whose centre is in E01010960 (West). */
const REFUGE = { lat: 53.724112, lng: -1.865538 };

async function make(name: string, category: string, site: object, extra: object = {}) {
  const res = await coord.post('/api/assets', { name, category, publish: true, sites: [site], ...extra });
  if (res.status !== 201) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
  ids[name] = res.body.asset.id;
}

beforeAll(async () => {
  ctx = await createTestContext({ chromiumPath: '/nonexistent/chromium' });
  await loadReferenceGeography(ctx.db.knex, readReferenceFiles());
  [coord, commissioner] = await Promise.all([ctx.as('coordinator'), ctx.as('commissioner')]);
  const login = await request(ctx.app).post('/api/auth/login').send({ email: TEST_USERS.find((u) => u.role === 'admin')!.email, password: TEST_PASSWORD });
  // The harness client always sends a JSON body; a multipart upload needs its own request.
  upload = () => request(ctx.app).post('/api/areas/import').set('Cookie', String(login.headers['set-cookie']).split(';')[0]).set('X-CSRF-Token', login.body.csrfToken);
  const res = await upload().set('Accept', 'application/x-ndjson').attach('wards', Buffer.from(WARDS), 'calderdale-test-wards.geojson');
  expect(res.status).toBe(200);
  const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((l) => (l.progress ? `${l.progress.stage} ${l.progress.done}/${l.progress.total}` : 'result'))).toEqual(['wards 3/3', 'result']);
  expect(lines[1].result).toMatchObject({ areaKind: 'lsoa11', wards: 3, inWards: 13, boundaries: 0 });
  const audit = await ctx.db.knex('audit_log').where({ table_name: 'area_import', row_id: lines[1].result.id });
  expect(audit).toHaveLength(1);
  // Each at its LSOA's point-on-surface (not sensitive: the public point is the point).
  await make('East Group', 'mutual_aid', { lat: 53.7222, lng: -1.8618 }); // E01010994
  await make('West Group', 'mutual_aid', { lat: 53.724, lng: -1.8696 }); // E01010965
  await make('West Treatment', 'treatment', { lat: 53.7237, lng: -1.8763 }); // E01010966
  await make('South Group', 'mutual_aid', { lat: 53.7141, lng: -1.8669 }); // E01010969
  await make('North Group', 'mutual_aid', { lat: 53.7379, lng: -1.857 }); // E01010934, in no test ward
  await make('Ward Refuge', 'housing', { ...REFUGE, address: '9 Hidden Lane' }, { sensitive: true });
});
afterAll(async () => { await ctx.close(); });

const lsoaOf = async (column: 'geom' | 'geom_public') => (await ctx.db.knex.raw(
  `SELECT ar.code FROM site s JOIN asset_site l ON l.site_id = s.id JOIN asset a ON a.id = l.asset_id JOIN area ar ON ST_Intersects(ar.geom, s.??) WHERE a.name = 'Ward Refuge'`, [column],
)).rows[0].code;

test('the import assigns each LSOA to the ward holding its point-on-surface', async () => {
  const rows = await ctx.db.knex('area').whereNotNull('ward_code').select('code', 'ward_code').orderBy('code');
  const expected = Object.entries(LSOAS).flatMap(([ward, codes]) => codes.map((code) => ({ code, ward_code: ward }))).sort((a, b) => a.code.localeCompare(b.code));
  expect(rows).toEqual(expected);
  const options = (await commissioner.get('/api/dashboard')).body.places.filter((p: { kind: string }) => p.kind === 'ward');
  expect(options).toEqual([
    { kind: 'ward', name: 'Test Ward East (fixture)', code: 'TEST-W1', areas: 4 },
    { kind: 'ward', name: 'Test Ward South (fixture)', code: 'TEST-W3', areas: 4 },
    { kind: 'ward', name: 'Test Ward West (fixture)', code: 'TEST-W2', areas: 5 },
  ]);
});

test('ward filter: records by their public point, by name or code; the refuge counts where its masked point is', async () => {
  // The premise: the refuge is in East, and its masked point in West.
  expect([await lsoaOf('geom'), await lsoaOf('geom_public')]).toEqual(['E01010994', 'E01010960']);
  const total = async (q: string) => {
    const res = await commissioner.get(`/api/dashboard?${q}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const east = await total('ward=TEST-W1');
  expect(east.place).toEqual({ kind: 'ward', name: 'Test Ward East (fixture)', code: 'TEST-W1' });
  expect(east.exists.categories.total.count).toBe(1); // East Group only: not the refuge
  expect(east.exists.categories.rows.find((r: { category: string }) => r.category === 'housing').count).toBe(0);
  expect((await total(`ward=${encodeURIComponent('Test Ward East (fixture)')}`)).exists.categories.total.count).toBe(1);
  const west = await total('ward=TEST-W2');
  expect(west.exists.categories.total.count).toBe(3); // West Group, West Treatment, the refuge
  expect(west.exists.categories.rows.find((r: { category: string }) => r.category === 'housing').count).toBe(1);
  expect(west.connected.pathways).toMatchObject({ services: 1, tested: 0, working: 0 });
  expect(east.connected.pathways.services).toBe(0);
  expect((await total('ward=TEST-W3')).exists.categories.total.count).toBe(1);
  expect((await total('')).exists.categories.total.count).toBe(6);
});

test('ward filter: gap figures are the sums over the cells whose people live mostly in the ward’s LSOAs', async () => {
  const g = await createGapService(ctx.db.knex).cellGaps(defaultGapParams(), 'treatment');
  const inWard = new Set(LSOAS['TEST-W2']);
  let population = 0, inGaps = 0;
  g.cells.forEach((c, i) => {
    if (!c.areaCode || !inWard.has(c.areaCode)) return;
    population += c.population;
    if (g.gap[i]) inGaps += c.population;
  });
  const row = (await commissioner.get('/api/dashboard?ward=TEST-W2')).body.gaps.categories.find((r: { category: string }) => r.category === 'treatment');
  expect(population).toBeGreaterThan(0);
  expect([row.population, row.populationInGaps]).toEqual([Math.round(population * 10) / 10, Math.round(inGaps * 10) / 10]);
});

test('an unknown ward, or a ward with a town, is a 400 naming the field, on the dashboard and the PDF', async () => {
  for (const url of ['/api/dashboard?ward=Atlantis', '/api/reports/cqs.pdf?ward=Atlantis', '/api/dashboard?town=Halifax&ward=TEST-W1']) {
    const res = await commissioner.get(url);
    expect([url, res.status, res.body.error.details[0].field]).toEqual([url, 400, 'query.ward']);
  }
  // A known ward reaches the printer (none here): the printable page keeps the filter.
  const pdf = await commissioner.get('/api/reports/cqs.pdf?ward=TEST-W2');
  expect([pdf.status, pdf.body.error.printable]).toEqual([503, '/report.html?ward=TEST-W2']);
});

test('participation: the latest review round’s bands per perspective, hand-counted', async () => {
  expect((await commissioner.get('/api/dashboard')).body.participation.round).toBeNull();
  const round = await coord.post('/api/participation/rounds', {
    title: 'Winter review', reviewDate: '2026-12-01', serviceIds: [ids['West Group'], ids['West Treatment'], ids['East Group']], perspectives: ['service_provider', 'people_in_treatment'],
  });
  expect(round.status).toBe(201);
  for (const [perspective, assetId, level] of [
    ['service_provider', ids['West Group'], 'independent_leadership'],
    ['service_provider', ids['West Treatment'], 'consultation'],
    ['service_provider', ids['East Group'], 'information'],
    ['service_provider', null, 'partnership'],
    ['people_in_treatment', ids['West Treatment'], 'passive_support'],
  ] as const) expect((await coord.post(`/api/participation/rounds/${round.body.id}/entries`, { perspective, assetId, level, reason: 'heard at the review' })).status).toBe(201);
  const p = (await commissioner.get('/api/dashboard?ward=TEST-W1')).body.participation;
  expect(p.round).toMatchObject({ title: 'Winter review', reviewDate: '2026-12-01', services: 3, previous: null });
  const bands = (i: number) => p.perspectives[i].bands.map((b: { band: string; count: number }) => `${b.band} ${b.count}`);
  // Providers: independent leadership (peer power); consultation and information (peer participation).
  expect(bands(0)).toEqual(['peer_power 1', 'peer_participation 2', 'non_participation 0']);
  expect(p.perspectives[0].partnership).toEqual({ level: 'partnership', label: 'Partnership', rung: 6 });
  expect(bands(1)).toEqual(['peer_power 0', 'peer_participation 0', 'non_participation 1']);
  // West Treatment: consultation (providers) vs passive support (people in treatment).
  expect(p.disagreements).toBe(1);
  expect(p.provenance).toMatchObject({ asOf: '2026-12-01', link: '/participation.html' });
});

const wardsWith = (edit: (f: { properties: Record<string, unknown> }, i: number) => void) => {
  const fc = JSON.parse(WARDS);
  fc.features.forEach(edit);
  return Buffer.from(JSON.stringify(fc));
};
const wardRows = () => ctx.db.knex('ward_boundary').select('code', 'name').orderBy('code');

test('a bad ward file is refused whole, naming the row and field; the wards held are kept', async () => {
  const before = await wardRows();
  const emptyName = await upload().attach('wards', wardsWith((f, i) => { if (i === 1) f.properties.WD22NM = ' '; }), 'wards.geojson');
  expect([emptyName.status, emptyName.body.error.code]).toEqual([400, 'import_refused']);
  expect(emptyName.body.error.details).toEqual([{ field: 'wards.geojson row 2: properties.WD22NM', message: 'is empty', file: 'wards.geojson', row: 2 }]);
  const twice = await upload().attach('wards', wardsWith((f) => { f.properties.WD22CD = 'TEST-W9'; }), 'wards.geojson');
  expect(twice.body.error.details.map((d: { field: string; message: string }) => `${d.field}: ${d.message}`)).toEqual([
    'wards.geojson row 2: properties.WD22CD: TEST-W9 appears again (first in feature 1)',
    'wards.geojson row 3: properties.WD22CD: TEST-W9 appears again (first in feature 1)',
  ]);
  const unnamed = await upload().attach('wards', wardsWith((f) => { f.properties = { id: f.properties.WD22CD, label: f.properties.WD22NM }; }), 'wards.geojson');
  expect(unnamed.body.error.details.map((d: { field: string }) => d.field)).toEqual(['wards.geojson row 1: code', 'wards.geojson row 1: name']);
  expect(await wardRows()).toEqual(before);
});

test('any named boundary, with its code and name columns mapped by hand, replaces the ward layer', async () => {
  const renamed = wardsWith((f) => { f.properties = { id: `N-${f.properties.WD22CD}`, label: `Neighbourhood ${f.properties.WD22NM}` }; });
  const res = await upload().field('wards.code', 'id').field('wards.name', 'label').attach('wards', renamed, 'neighbourhoods.geojson');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ wards: 3, inWards: 13 });
  expect((await wardRows()).map((w: { code: string }) => w.code)).toEqual(['N-TEST-W1', 'N-TEST-W2', 'N-TEST-W3']);
  expect((await commissioner.get('/api/dashboard?ward=N-TEST-W2')).body.exists.categories.total.count).toBe(3);
  expect((await commissioner.get('/api/dashboard?ward=TEST-W2')).body.error.details[0].field).toBe('query.ward');
});
