import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createTestContext, type TestContext } from '../harness';
import { loadPostcodeFile } from '../../server/interop/files/postcode-load';
import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { signIn } from '../harness';
import { TEST_USERS } from '../fixture';

/**
 * The ONSPD/NSPL loader on real NSPL rows (the first 300 of the November 2021 HX extract,
 * every column as published) and the shipped trimmed HX file, each row checked against
 * the file text.
 */
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'nspl', 'NSPL_NOV_2021_UK_HX_first300.csv');
const TRIMMED = path.join(__dirname, '..', '..', 'seeds', 'open-data', 'NSPL_NOV_2021_UK_HX_trimmed.csv');
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx.close());

const source = (file: string): Record<string, string>[] => parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true });

test('loads every row with a point, terminated ones flagged with their month, each row as in the file', async () => {
  const rows = source(FIXTURE);
  const report = await loadPostcodeFile(ctx.db.knex, FIXTURE);
  const usable = rows.filter((r) => r.lat !== '' && Math.abs(Number(r.lat)) <= 90);
  expect(report).toMatchObject({ read: rows.length, kept: usable.length, inserted: usable.length, updated: 0, skippedNoPoint: rows.length - usable.length, badRows: [] });
  expect(report.terminated).toBe(usable.filter((r) => r.doterm !== '').length);
  expect(report.terminated).toBeGreaterThan(0);
  const { rows: stored } = await ctx.db.knex.raw(`SELECT postcode, ST_Y(geom) AS lat, ST_X(geom) AS lng, lsoa11, la_code, to_char(terminated_on, 'YYYYMM') AS doterm FROM postcode`);
  const byCode = new Map(stored.map((s: { postcode: string }) => [s.postcode, s]));
  for (const r of usable) {
    expect(byCode.get(r.pcds)).toEqual({ postcode: r.pcds, lat: Number(r.lat), lng: Number(r.long), lsoa11: r.lsoa11, la_code: r.laua, doterm: r.doterm || null });
  }
});

test('reloading the same file changes nothing; a changed row is updated', async () => {
  expect(await loadPostcodeFile(ctx.db.knex, FIXTURE)).toMatchObject({ inserted: 0, updated: 0 });
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const first = source(FIXTURE)[0];
  const moved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nspl-')), 'moved.csv');
  fs.writeFileSync(moved, text.replace(`${first.lat},${first.long}`, `53.7,${first.long}`));
  expect(await loadPostcodeFile(ctx.db.knex, moved)).toMatchObject({ inserted: 0, updated: 1 });
  const { rows } = await ctx.db.knex.raw(`SELECT ST_Y(geom) AS lat FROM postcode WHERE postcode = ?`, [first.pcds]);
  expect(rows[0].lat).toBe(53.7);
});

test('the trimmed HX file: all 7,435 postcodes with a point; an area filter keeps only that area', async () => {
  // A few HX postcodes lie in Kirklees (E08000034), as the file says.
  const kirklees = source(TRIMMED).filter((r) => r.laua === 'E08000034' && r.lat !== '').length;
  expect(kirklees).toBeGreaterThan(0);
  const report = await loadPostcodeFile(ctx.db.knex, TRIMMED, { laCodes: ['E08000034'] });
  expect(report).toMatchObject({ kept: kirklees, skippedOtherArea: 7435 - kirklees });
  const all = await loadPostcodeFile(ctx.db.knex, TRIMMED);
  expect(all.kept).toBe(7435);
  expect(Number((await ctx.db.knex('postcode').count('* as n'))[0].n)).toBe(7435);
});

test('a file that is not ONSPD/NSPL is refused by its header', async () => {
  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nspl-')), 'bad.csv');
  fs.writeFileSync(bad, 'name,lat\nA,1\n');
  await expect(loadPostcodeFile(ctx.db.knex, bad)).rejects.toThrow(/no pcds, doterm, long column/);
});

test("admins are told which small areas of their area have no postcodes loaded (Calderdale's HX table: Todmorden and Brighouse)", async () => {
  const files = readReferenceFiles();
  await loadReferenceGeography(ctx.db.knex, files);
  // Worked from the files: LSOAs no postcode of the HX file names as its own.
  const covered = new Set(files.postcodes.map((p) => p.lsoa11));
  const gaps = files.areas.filter((a) => !covered.has(a.code));
  expect(gaps).toHaveLength(22);
  const admin = await signIn(ctx.app, TEST_USERS.find((u) => u.role === 'admin')!.email);
  const res = await admin.get('/api/postcodes-coverage');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    laCodes: ['E08000033'], areas: files.areas.length, areasWithoutPostcodes: 22,
    populationWithoutPostcodes: gaps.reduce((n, a) => n + (a.population ?? 0), 0),
    advice: 'Load the full National Statistics Postcode Lookup for your area: npm run load-postcodes -- NSPL.csv --la E08000033',
  });
  const listed = res.body.gaps.flatMap((g: { areas: { code: string }[] }) => g.areas.map((a) => a.code));
  expect(listed.sort()).toEqual(gaps.map((a) => a.code).sort());
  // They are the OL14 and HD6 parts of Calderdale: west of Hebden Bridge (Todmorden) or
  // east of Elland (Brighouse, Rastrick), by the centres of their boundaries.
  const { rows } = await ctx.db.knex.raw(`SELECT code, ST_X(ST_Centroid(geom)) AS lng FROM area WHERE code = ANY(?::text[])`, [listed]);
  expect(rows.filter((r: { lng: number }) => r.lng > -2.05 && r.lng < -1.81)).toEqual([]);
  const districts = res.body.loadedDistricts.map((d: { district: string }) => d.district);
  expect(districts).toEqual(expect.arrayContaining(['HX1', 'HX2', 'HX3', 'HX4', 'HX5', 'HX6', 'HX7']));
  expect(districts.filter((d: string) => !d.startsWith('HX'))).toEqual([]);
  expect((await (await signIn(ctx.app, TEST_USERS.find((u) => u.role === 'volunteer')!.email)).get('/api/postcodes-coverage')).status).toBe(403);
  // Named by the nearest town label within 3 km; the test's labels (around Halifax) have none near Todmorden.
  expect(res.body.gaps.map((g: { near: string | null; areas: unknown[] }) => [g.near, g.areas.length])).toEqual([['Brighouse', 6], ['Rastrick', 6], [null, 10]]);
});
