import { readSeedFile, REFERENCE_FILES } from '../../seeds/reference-files';
import { importAreas } from '../../server/area-import/service';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import { createTestContext, type Client, type TestContext } from '../harness';

/** Importing the real Calderdale files as published (seeds/open-data), through the admin API. */
let ctx: TestContext;
let admin: Client;
let upload: () => request.Test;
const boundaries = readSeedFile(REFERENCE_FILES.lsoaBoundaries);
const population = readSeedFile(REFERENCE_FILES.population);
const deprivation = readSeedFile(REFERENCE_FILES.imd);

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.as('admin');
  // The harness client always sends a JSON body; a multipart upload needs its own request.
  const login = await request(ctx.app).post('/api/auth/login').send({ email: TEST_USERS.find((u) => u.role === 'admin')!.email, password: TEST_PASSWORD });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  upload = () => request(ctx.app).post('/api/areas/import').set('Cookie', cookie).set('X-CSRF-Token', login.body.csrfToken);
});
afterAll(async () => { await ctx.close(); });

const areaCount = async () => Number((await ctx.db.knex('area').count('* as n'))[0].n);

test('a bad row refuses the whole import, naming the file, row and field', async () => {
  const broken = deprivation.replace('E01010876,Calderdale 019B,E08000033,Calderdale,"22,283",7', 'E01010876,Calderdale 019B,E08000033,Calderdale,"22,283",seven');
  const res = await upload()
    .attach('boundaries', Buffer.from(boundaries), 'lsoa11.geojson')
    .attach('deprivation', Buffer.from(broken), 'File_1.csv');
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('import_refused');
  expect(res.body.error.details).toEqual([{
    field: 'File_1.csv row 3: Index of Multiple Deprivation (IMD) Decile', message: '"seven" is not a decile (1 to 10)',
    file: 'File_1.csv', row: 3,
  }]);
  expect(await areaCount()).toBe(0);
});

test('a failure part-way through the writes keeps nothing', async () => {
  let batches = 0;
  await expect(importAreas(ctx.db.knex, null, { boundaries: { name: 'b.geojson', text: boundaries } }, () => {
    if (++batches === 1) throw new Error('disk full (simulated after the first batch)');
  })).rejects.toThrow('disk full');
  expect(await areaCount()).toBe(0);
});

test('the three Calderdale files import with progress, joined on the LSOA code, audited', async () => {
  const res = await upload()
    .set('Accept', 'application/x-ndjson')
    .attach('boundaries', Buffer.from(boundaries), 'lsoa11_boundaries_calderdale.geojson')
    .attach('population', Buffer.from(population), 'IoD2019_File_6.csv')
    .attach('deprivation', Buffer.from(deprivation), 'IoD2019_File_1.csv');
  expect(res.status).toBe(200);
  const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.filter((l) => l.progress).map((l) => `${l.progress.stage} ${l.progress.done}/${l.progress.total}`)).toEqual([
    'boundaries 128/128', 'population 128/128', 'deprivation 128/128',
  ]);
  const result = lines[lines.length - 1].result;
  expect(result).toMatchObject({ areaKind: 'lsoa11', areas: 128, boundaries: 128, population: 128, deprivation: 128, retired: 0 });
  const row = await ctx.db.knex('area').where({ code: 'E01010875' }).first();
  // From the files: "1,745" people (604 aged 60+), IMD rank "29,263", decile 9.
  expect(row).toMatchObject({ kind: 'lsoa11', name: 'Calderdale 019A', la_code: 'E08000033', population: 1745, imd_rank: 29263, imd_decile: 9, imd_source: 'IoD2019', population_groups: { older_people: 604 } });
  const audit = await ctx.db.knex('audit_log').where({ table_name: 'area_import', row_id: result.id });
  expect(audit).toHaveLength(1);
  expect(audit[0].actor_id).toBe(admin.userId);
});

test('the gap analysis then has older-people counts to use as demand', async () => {
  const res = await admin.get('/api/gaps/summary?category=mutual_aid&group=older_people&cells=lsoa');
  expect(res.body.demand).toBe('group_counts');
  const rows: Record<string, string>[] = parse(population, { columns: true });
  const total = rows.reduce((s, r) => s + Number(r['Older population aged 60 and over: mid 2015 (excluding prisoners)'].replace(/,/g, '')), 0);
  expect(res.body.categories[0].population).toBe(total);
});

test('not multipart, or an unknown file field: 400 naming it', async () => {
  expect((await admin.post('/api/areas/import', { boundaries: 'x' })).body.error.details[0].field).toBe('(body)');
  const res = await upload().attach('shapes', Buffer.from('x'), 'x.zip');
  expect(res.status).toBe(400);
  expect(res.body.error.details[0].field).toBe('shapes');
  const mapped = await upload().field('deprivation.colour', 'x').attach('deprivation', Buffer.from(deprivation), 'f.csv');
  expect(mapped.body.error.details[0].field).toBe('deprivation.colour');
});

test('importing 2021 LSOAs for an authority retires its 2011 ones; the gap grid follows', async () => {
  const feature = { type: 'Feature', properties: { LSOA21CD: 'E01033333', LSOA21NM: 'Calderdale 099Z' }, geometry: { type: 'Polygon', coordinates: [[[-1.9, 53.7], [-1.85, 53.7], [-1.85, 53.74], [-1.9, 53.7]]] } };
  const imd2025 = 'LSOA code (2021),Local Authority District code (2024),Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)\nE01033333,E08000033,"3,000",1\n';
  const res = await upload()
    .attach('boundaries', Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [feature] })), 'lsoa21.geojson')
    .attach('deprivation', Buffer.from(imd2025), 'File_1_IoD2025.csv');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ areaKind: 'lsoa21', areas: 1, retired: 128 });
  expect(await ctx.db.knex('area').where({ kind: 'lsoa11' }).count('* as n')).toEqual([{ n: 0 }]);
  expect(await ctx.db.knex('area').where({ code: 'E01033333' }).first()).toMatchObject({ kind: 'lsoa21', la_code: 'E08000033', imd_decile: 1, imd_source: 'IoD2025' });
  const cells = await admin.get('/api/gaps/cells?category=mutual_aid&cells=lsoa');
  expect(JSON.parse(cells.text).features.map((f: { properties: { cell_id: string } }) => f.properties.cell_id)).toEqual(['E01033333']);
});
