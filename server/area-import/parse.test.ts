import { readSeedFile, REFERENCE_FILES } from '../../seeds/reference-files';
import { ImportProblems, parseBoundaryGeoJson, parseDeprivationCsv, parsePopulationCsv, parseWardGeoJson, wholeNumber } from './parse';

/** The real Calderdale extracts as published (seeds/open-data), plus small files shaped like the other releases. */
const imd2019 = readSeedFile(REFERENCE_FILES.imd);
const file6 = readSeedFile(REFERENCE_FILES.population);
const lsoa11 = readSeedFile(REFERENCE_FILES.lsoaBoundaries);

const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    if (err instanceof ImportProblems) return err.problems;
    throw err;
  }
  throw new Error('expected the file to be refused');
};

test('"29,199"-style numbers', () => {
  expect([wholeNumber('29,199'), wholeNumber(' 1 745 '), wholeNumber('12.5'), wholeNumber(''), wholeNumber('n/a')]).toEqual([29199, 1745, null, null, null]);
});

test('IoD 2019 File 1 (Calderdale): headings detected, thousands separators read', () => {
  const f = parseDeprivationCsv(imd2019);
  expect(f.release).toBe('IoD2019');
  expect(f.vintage).toBe('lsoa11');
  expect(f.records).toHaveLength(128);
  // First data row of the file: E01010875,Calderdale 019A,E08000033,Calderdale,"29,263",9
  expect(f.records[0]).toEqual({ row: 2, code: 'E01010875', laCode: 'E08000033', rank: 29263, decile: 9 });
});

test('IoD 2025 File 1 headings (2021 LSOAs, longer rank/decile headings) are detected too', () => {
  const csv = [
    'LSOA code (2021),LSOA name (2021),Local Authority District code (2024),Local Authority District name (2024),Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)',
    'E01010875,Calderdale 019A,E08000033,Calderdale,"30,101",10',
  ].join('\n');
  const f = parseDeprivationCsv(csv);
  expect([f.release, f.vintage]).toEqual(['IoD2025', 'lsoa21']);
  expect(f.records[0]).toMatchObject({ code: 'E01010875', rank: 30101, decile: 10 });
});

test('columns can be mapped by hand', () => {
  const csv = 'area,where,r,d\nE01010875,x,"1,234",1\n';
  expect(() => parseDeprivationCsv(csv)).toThrow(ImportProblems);
  const f = parseDeprivationCsv(csv, { code: 'area', rank: 'r', decile: 'd' });
  expect(f.records[0]).toMatchObject({ code: 'E01010875', rank: 1234, decile: 1 });
  expect(problemsOf(() => parseDeprivationCsv(csv, { code: 'Area code', rank: 'r', decile: 'd' }))[0]).toMatchObject({ row: 1, field: 'code' });
});

test('row-level problems name the row and the field, and refuse the whole file', () => {
  const csv = [
    'LSOA code (2011),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile',
    'E01010875,"29,263",9',
    'E01010876,lots,7',
    'E01010877,"1,000",11',
    'E01010875,5,1',
    'not-a-code,5,1',
  ].join('\n');
  expect(problemsOf(() => parseDeprivationCsv(csv, {}, 'File_1.csv'))).toEqual([
    { file: 'File_1.csv', row: 3, field: 'Index of Multiple Deprivation (IMD) Rank', message: '"lots" is not a rank (a whole number from 1)' },
    { file: 'File_1.csv', row: 4, field: 'Index of Multiple Deprivation (IMD) Decile', message: '"11" is not a decile (1 to 10)' },
    { file: 'File_1.csv', row: 5, field: 'LSOA code (2011)', message: 'E01010875 appears again (first on row 2)' },
    { file: 'File_1.csv', row: 6, field: 'LSOA code (2011)', message: '"not-a-code" is not an LSOA code (E01…)' },
  ]);
});

test('IoD 2019 File 6 (Calderdale): total population and people aged 60 and over', () => {
  const f = parsePopulationCsv(file6);
  expect(f.records).toHaveLength(128);
  // E01010875: "1,745" in total, 604 aged 60 and over.
  expect(f.records[0]).toMatchObject({ code: 'E01010875', population: 1745, groups: { older_people: 604 } });
  expect(f.source).toBe('Total population: mid 2015 (excluding prisoners)');
});

test('ONS mid-year estimates (single years by sex): total, older people, young adults, women and men', () => {
  const ages = Array.from({ length: 91 }, (_, a) => (a === 90 ? '90+' : String(a)));
  const header = ['LAD 2021 Code', 'LSOA 2021 Code', 'Total', ...ages.map((a) => `F${a}`), ...ages.map((a) => `M${a}`)];
  const values = ages.map(() => 2); // 2 women and 3 men of every age
  const row = ['E08000033', 'E01010875', String(91 * 5), ...values.map(String), ...ages.map(() => '3')];
  const f = parsePopulationCsv(`${header.join(',')}\n${row.join(',')}\n`);
  expect(f.vintage).toBe('lsoa21');
  expect(f.records[0]).toMatchObject({
    laCode: 'E08000033', population: 455,
    groups: { older_people: 31 * 5, young_adults: 8 * 5, women: 182, men: 273 },
  });
});

test('LSOA 2011 boundaries (Calderdale, as published)', () => {
  const f = parseBoundaryGeoJson(lsoa11);
  expect([f.vintage, f.srid, f.records.length]).toEqual(['lsoa11', 4326, 128]);
  expect(f.records[0]).toMatchObject({ row: 1, code: 'E01010875', name: 'Calderdale 019A', laCode: 'E08000033' });
});

test('boundary problems name the feature and the field', () => {
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const square = { type: 'Polygon', coordinates: [[[-1.9, 53.7], [-1.8, 53.7], [-1.8, 53.8], [-1.9, 53.7]]] };
  expect(problemsOf(() => parseBoundaryGeoJson(fc([
    { properties: { LSOA21CD: 'E01000001', LSOA21NM: 'A 001A' }, geometry: square },
    { properties: { LSOA21CD: 'E01000002', LSOA21NM: '' }, geometry: { type: 'Point', coordinates: [0, 0] } },
    { properties: { LSOA21CD: 'E01000003', LSOA21NM: 'C' }, geometry: { type: 'Polygon', coordinates: [[[400000, 400000], [400100, 400000], [400100, 400100], [400000, 400000]]] } },
  ]), {}, 'lsoa21.geojson'))).toEqual([
    { file: 'lsoa21.geojson', row: 2, field: 'properties.LSOA21NM', message: 'is empty' },
    { file: 'lsoa21.geojson', row: 2, field: 'geometry', message: 'must be a Polygon or MultiPolygon with closed rings of numeric positions' },
    { file: 'lsoa21.geojson', row: 3, field: 'geometry', message: 'has coordinates beyond ±180: is the file in British National Grid without saying so?' },
  ]);
  expect(problemsOf(() => parseBoundaryGeoJson('{"type":'))[0]).toMatchObject({ field: '(file)' });
});

test('wards: any WDyyCD/WDyyNM pair, British National Grid when the file says so, or columns mapped by hand', () => {
  const fc = (properties: Record<string, unknown>, crs?: string) => JSON.stringify({
    type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features: [{ properties, geometry: { type: 'Polygon', coordinates: [[[408000, 425000], [409000, 425000], [409000, 426000], [408000, 425000]]] } }],
  });
  const w = parseWardGeoJson(fc({ WD24CD: 'E05001234', WD24NM: 'Town', LAD24CD: 'E08000033' }, 'urn:ogc:def:crs:EPSG::27700'));
  expect([w.srid, w.source, w.records[0].code, w.records[0].name, w.records[0].laCode]).toEqual([27700, 'WD24CD/WD24NM', 'E05001234', 'Town', 'E08000033']);
  expect(problemsOf(() => parseWardGeoJson(fc({ WD24CD: 'E05001234', WD24NM: 'Town' }), {}, 'w.geojson'))).toEqual([
    { file: 'w.geojson', row: 1, field: 'geometry', message: 'has coordinates beyond ±180: is the file in British National Grid without saying so?' },
  ]);
  expect(parseWardGeoJson(fc({ nbh: 'N1', title: 'North' }, 'EPSG:27700'), { code: 'nbh', name: 'title' }).records[0]).toMatchObject({ code: 'N1', name: 'North', laCode: null });
  expect(problemsOf(() => parseWardGeoJson(fc({ nbh: 'N1' }, 'EPSG:27700'), { code: 'nbh', name: 'Name' }))[0]).toMatchObject({ field: 'name', message: expect.stringContaining('"Name" is not in the file') });
});
