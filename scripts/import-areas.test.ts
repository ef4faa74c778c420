import { parseImportArgs } from './import-areas';

const read = (file: string) => `contents of ${file}`;

test('files and hand mappings from the command line', () => {
  const input = parseImportArgs(['--deprivation', '/data/File_1.csv', '--map', 'deprivation.rank=IMD Rank (2025)', '--map', 'deprivation.code=LSOA'], read);
  expect(input).toEqual({ deprivation: { name: 'File_1.csv', text: 'contents of /data/File_1.csv', mapping: { rank: 'IMD Rank (2025)', code: 'LSOA' } } });
});

test('mistakes are named', () => {
  expect(() => parseImportArgs([], read)).toThrow('give at least one file');
  expect(() => parseImportArgs(['--population', 'p.csv', '--map', 'deprivation.rank=x'], read)).toThrow('no --deprivation file was given');
  expect(() => parseImportArgs(['--population', 'p.csv', '--map', 'population.colour=x'], read)).toThrow('FIELD one of');
});

test('a ward file, with its columns named by hand', () => {
  expect(parseImportArgs(['--wards', '/data/nbh.geojson', '--map', 'wards.code=nbh_id', '--map', 'wards.name=nbh_name'], read))
    .toEqual({ wards: { name: 'nbh.geojson', text: 'contents of /data/nbh.geojson', mapping: { code: 'nbh_id', name: 'nbh_name' } } });
});
