import type { Db } from '../server/db';
import { writeTransaction } from '../server/audit/transaction';
import { createTestDb } from '../test/harness';
import { DEMO_PARTNERSHIP, insertDemoPartnership, loadReferenceGeography, readReferenceFiles, type ReferenceFiles } from './reference';
import { REFERENCE_FILES, readSeedFile } from './reference-files';

let db: Db;
let files: ReferenceFiles;
beforeAll(async () => {
  db = await createTestDb();
  files = readReferenceFiles();
});
afterAll(async () => db.close());

const count = async (table: string) => Number((await db.knex(table).count('* as n').first())!.n);

// Expected values come from the raw text of the shipped files, not from the loader's parser.
const rawDataLines = (name: string) => readSeedFile(name).split(/\r?\n/).filter((l) => l.trim() !== '').slice(1);
/** The postcode file quotes every field: `"HX1 1AB","201504","53.725515",…`. */
const dotermOf = (line: string) => line.split('","')[1];
/** IMD rank: the fifth field, quoted when it has a thousands separator. */
const imdRankOf = (line: string) => Number((line.match(/,"([\d,]+)",\d+$/)?.[1] ?? line.split(',')[4]).replace(/,/g, ''));

test('a failure part-way leaves neither table half-filled', async () => {
  const broken: ReferenceFiles = { ...files, areas: [{ ...files.areas[0], geometry: { type: 'Polygon', coordinates: 'not coordinates' } }] };
  await expect(loadReferenceGeography(db.knex, broken)).rejects.toThrow();
  expect(await count('postcode')).toBe(0);
  expect(await count('area')).toBe(0);
});

describe('after loading the shipped files', () => {
  let elapsedMs = 0;
  const messages: string[] = [];
  beforeAll(async () => {
    const started = Date.now();
    await loadReferenceGeography(db.knex, files, (m) => messages.push(m));
    elapsedMs = Date.now() - started;
  });

  test('every postcode with coordinates is loaded, in a few seconds', async () => {
    const lines = rawDataLines(REFERENCE_FILES.postcodes);
    const withCoordinates = lines.filter((l) => !l.includes('"99.999999"')).length;
    expect(await count('postcode')).toBe(withCoordinates);
    expect(elapsedMs).toBeLessThan(15_000);
    expect(messages[0]).toMatch(/^loading 7,435 postcodes/);
  });

  test('HX1 1AA is at 53.724334, -1.857458 in LSOA E01010994', async () => {
    const { rows } = await db.knex.raw(
      `SELECT ST_Y(geom) AS lat, ST_X(geom) AS lng, ST_SRID(geom) AS srid, lsoa11, la_code, terminated_on FROM postcode WHERE postcode = ?`,
      ['HX1 1AA'],
    );
    expect(rows[0]).toMatchObject({ lsoa11: 'E01010994', la_code: 'E08000033', terminated_on: null, srid: 4326 });
    expect(rows[0].lat).toBeCloseTo(53.724334, 6);
    expect(rows[0].lng).toBeCloseTo(-1.857458, 6);
  });

  test('terminated postcodes keep the first day of the month they ended', async () => {
    const row = await db.knex('postcode').where({ postcode: 'HX1 1AB' }).select(db.knex.raw(`to_char(terminated_on, 'YYYY-MM-DD') AS day`)).first();
    expect(row.day).toBe('2015-04-01');
    const terminatedInFile = rawDataLines(REFERENCE_FILES.postcodes).filter((l) => !l.includes('"99.999999"') && dotermOf(l) !== '').length;
    expect(Number((await db.knex('postcode').whereNotNull('terminated_on').count('* as n').first())!.n)).toBe(terminatedInFile);
  });

  test('128 LSOAs, each a MultiPolygon in Calderdale with population and IMD', async () => {
    expect(await count('area')).toBe(128);
    const { rows } = await db.knex.raw(
      `SELECT count(*) FILTER (WHERE GeometryType(geom) = 'MULTIPOLYGON' AND kind = 'lsoa11' AND la_code = 'E08000033'
                                   AND population IS NOT NULL AND imd_rank IS NOT NULL AND imd_decile BETWEEN 1 AND 10) AS complete
         FROM area`,
    );
    expect(Number(rows[0].complete)).toBe(128);
  });

  test("an LSOA's population and IMD rank equal the CSV values", async () => {
    // E01010875,Calderdale 019A,E08000033,Calderdale,"29,263",9   and   …,"1,745",299,…
    const imdLine = rawDataLines(REFERENCE_FILES.imd).find((l) => l.startsWith('E01010875,'))!;
    const popLine = rawDataLines(REFERENCE_FILES.population).find((l) => l.startsWith('E01010875,'))!;
    const rank = imdRankOf(imdLine);
    const decile = Number(imdLine.match(/,(\d+)$/)![1]);
    const population = Number(popLine.match(/Calderdale,"([\d,]+)"/)![1].replace(/,/g, ''));
    const area = await db.knex('area').where({ code: 'E01010875' }).first();
    expect(area).toMatchObject({ name: 'Calderdale 019A', population, imd_rank: rank, imd_decile: decile });
    expect([population, rank, decile]).toEqual([1745, 29263, 9]);
  });

  test('the most deprived LSOA matches the lowest rank in the file', async () => {
    const ranks = rawDataLines(REFERENCE_FILES.imd).map((l) => ({ code: l.split(',')[0], rank: imdRankOf(l) }));
    const lowest = ranks.reduce((a, b) => (b.rank < a.rank ? b : a));
    const row = await db.knex('area').orderBy('imd_rank').first('code', 'imd_rank');
    expect(row).toEqual({ code: lowest.code, imd_rank: lowest.rank });
  });

  test('loading again replaces rather than duplicates', async () => {
    await loadReferenceGeography(db.knex, files);
    expect(await count('area')).toBe(128);
    expect(await count('postcode')).toBe(files.postcodes.length);
  });
});

test('the demo partnership gets the Calderdale outline as a MultiPolygon', async () => {
  const id = await writeTransaction(db.knex, null, (trx) => insertDemoPartnership(trx, files.ladBoundary));
  const { rows } = await db.knex.raw(
    `SELECT name, slug, la_codes, GeometryType(boundary) AS type, ST_NPoints(boundary) AS points, ST_SRID(boundary) AS srid FROM partnership WHERE id = ?`,
    [id],
  );
  const ring = (JSON.parse(readSeedFile(REFERENCE_FILES.ladBoundary)).features[0].geometry.coordinates as number[][][])[0];
  expect(rows[0]).toMatchObject({ name: DEMO_PARTNERSHIP.name, slug: 'calderdale', la_codes: ['E08000033'], type: 'MULTIPOLYGON', srid: 4326 });
  expect(Number(rows[0].points)).toBe(ring.length);
});
