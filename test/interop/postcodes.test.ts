import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createTestContext, type TestContext } from '../harness';
import { loadPostcodeFile } from '../../server/interop/files/postcode-load';

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
