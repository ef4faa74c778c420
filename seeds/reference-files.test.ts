import fs from 'node:fs';
import path from 'node:path';
import {
  NSPL_COLUMNS,
  REFERENCE_FILES,
  SEED_DATA_DIR,
  normalisePostcode,
  parseCount,
  parseImd,
  parseLadBoundary,
  parseLsoaBoundaries,
  parsePopulation,
  parsePostcodes,
  readSeedFile,
  terminationDate,
} from './reference-files';
import { trimNspl } from '../scripts/prepare-demo-data';

// Expected values are read from the files' raw text with plain string operations, not
// with the CSV parser under test.
const rawLines = (name: string) => readSeedFile(name).split(/\r?\n/).filter((l) => l.trim() !== '');
const rawFieldsOf = (line: string) => line.split('","').map((f) => f.replace(/^"|"$/g, ''));

describe('shipped postcode file', () => {
  const lines = rawLines(REFERENCE_FILES.postcodes);
  const { postcodes, skippedWithoutCoordinates } = parsePostcodes(readSeedFile(REFERENCE_FILES.postcodes));

  test('keeps the original column names', () => {
    expect(rawFieldsOf(lines[0])).toEqual([...NSPL_COLUMNS]);
  });

  test('every data row is read, and those without a grid reference are skipped', () => {
    const dataRows = lines.length - 1;
    const withoutCoordinates = lines.filter((l) => l.includes('"99.999999"')).length;
    expect(withoutCoordinates).toBe(7);
    expect(skippedWithoutCoordinates).toBe(withoutCoordinates);
    expect(postcodes.length).toBe(dataRows - withoutCoordinates);
  });

  test('HX1 1AA is at 53.724334, -1.857458 and live (a large user: usertype 1)', () => {
    expect(postcodes.find((p) => p.postcode === 'HX1 1AA')).toEqual({
      postcode: 'HX1 1AA', lat: 53.724334, lng: -1.857458, lsoa11: 'E01010994', laCode: 'E08000033', terminatedOn: null, usertype: 1,
    });
    expect(postcodes.find((p) => p.postcode === 'HX1 1AB')?.usertype).toBe(0);
  });

  test('a terminated postcode carries the first day of its month of termination', () => {
    expect(postcodes.find((p) => p.postcode === 'HX1 1AB')?.terminatedOn).toBe('2015-04-01');
    const terminatedInFile = lines.slice(1).filter((l) => rawFieldsOf(l)[1] !== '' && !l.includes('"99.999999"')).length;
    expect(postcodes.filter((p) => p.terminatedOn !== null).length).toBe(terminatedInFile);
  });

  test('the trimmed copy is well under 1.5 MB', () => {
    expect(fs.statSync(path.join(SEED_DATA_DIR, REFERENCE_FILES.postcodes)).size).toBeLessThan(1.5 * 1024 * 1024);
  });
});

describe('IoD2019 files', () => {
  test('IMD rank and decile for every Calderdale LSOA, thousands separators removed', () => {
    const imd = parseImd(readSeedFile(REFERENCE_FILES.imd));
    const lines = rawLines(REFERENCE_FILES.imd);
    expect(imd.size).toBe(lines.length - 1);
    // E01010875,Calderdale 019A,E08000033,Calderdale,"29,263",9
    expect(lines.find((l) => l.startsWith('E01010875,'))).toContain('"29,263",9');
    expect(imd.get('E01010875')).toEqual({ rank: 29263, decile: 9 });
  });

  test('mid-2015 population for every LSOA', () => {
    const population = parsePopulation(readSeedFile(REFERENCE_FILES.population));
    const lines = rawLines(REFERENCE_FILES.population);
    expect(population.size).toBe(lines.length - 1);
    expect(lines.find((l) => l.startsWith('E01010875,'))).toContain(',"1,745",');
    expect(population.get('E01010875')).toBe(1745);
  });
});

describe('boundaries', () => {
  test('128 LSOAs with codes and names', () => {
    const lsoas = parseLsoaBoundaries(readSeedFile(REFERENCE_FILES.lsoaBoundaries));
    expect(lsoas).toHaveLength(128);
    expect(lsoas.find((l) => l.code === 'E01010875')).toMatchObject({ name: 'Calderdale 019A', laCode: 'E08000033' });
  });

  test('one local authority outline', () => {
    expect(parseLadBoundary(readSeedFile(REFERENCE_FILES.ladBoundary)).type).toBe('Polygon');
  });
});

describe('small parsers', () => {
  test.each([
    ['29,199', 29199],
    ['9', 9],
    [' 1,745 ', 1745],
  ])('parseCount(%p) = %p', (input, expected) => expect(parseCount(input, 'x')).toBe(expected));

  test('parseCount refuses what is not a whole number', () => {
    expect(() => parseCount('', 'rank')).toThrow('rank');
    expect(() => parseCount('12.5', 'rank')).toThrow();
    expect(() => parseCount('n/a', 'rank')).toThrow();
  });

  test('terminationDate', () => {
    expect(terminationDate('')).toBeNull();
    expect(terminationDate('199912')).toBe('1999-12-01');
    expect(() => terminationDate('1999-12')).toThrow();
  });

  test('normalisePostcode', () => {
    expect(normalisePostcode('hx11aa')).toBe('HX1 1AA');
    expect(normalisePostcode('HX1  1AA')).toBe('HX1 1AA');
    expect(normalisePostcode('hx7 5aa')).toBe('HX7 5AA');
  });
});

// The original extract lives outside the repository (in the workspace's shared folder);
// where it is present, the shipped copy must be exactly what prepare-demo-data makes of it.
const ORIGINAL = path.resolve(__dirname, '..', '..', 'shared', 'data', 'calderdale');
const describeWithOriginals = fs.existsSync(ORIGINAL) ? describe : describe.skip;

describeWithOriginals('prepare-demo-data', () => {
  test('the trimmed NSPL is the original with only the kept columns', () => {
    const original = fs.readFileSync(path.join(ORIGINAL, 'NSPL_NOV_2021_UK_HX.csv'), 'utf8');
    expect(trimNspl(original)).toBe(readSeedFile(REFERENCE_FILES.postcodes));
  });

  test.each([REFERENCE_FILES.imd, REFERENCE_FILES.population, REFERENCE_FILES.lsoaBoundaries, REFERENCE_FILES.ladBoundary])(
    '%s is shipped unchanged',
    (file) => {
      expect(readSeedFile(file)).toBe(fs.readFileSync(path.join(ORIGINAL, file), 'utf8'));
    },
  );
});
