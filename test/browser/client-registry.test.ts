/** The registry's counts and CSV (client/src/registry/registry-data.ts), against hand-counted data. */
import { countBy, toCsv } from '../../client/src/registry/registry-data';
import { filterRows, sortRows } from '../../client/src/registry/registry-table';
import type { Asset } from '../../client/src/shared/types';

const asset = (category: string, commissioning: string | null, participationLevel: string | null) => ({ category, commissioning, participationLevel }) as unknown as Asset;
const items = [asset('mutual_aid', 'independent', 'independent_leadership'), asset('mutual_aid', null, null), asset('treatment', 'local_authority', null)];
const terms = [{ code: 'local_authority', label: 'Commissioned' }, { code: 'independent', label: 'Independent' }];

describe('registry figures', () => {
  it('counts every term (0s too) and the records with none', () => {
    expect(countBy(items, (a) => a.commissioning, terms)).toEqual([
      { code: 'local_authority', label: 'Commissioned', count: 1 },
      { code: 'independent', label: 'Independent', count: 1 },
      { code: null, label: 'Not recorded', count: 1 },
    ]);
    expect(countBy(items, (a) => a.category, [{ code: 'mutual_aid', label: 'Mutual aid' }, { code: 'housing', label: 'Housing' }]).map((c) => c.count)).toEqual([2, 0, 1]);
  });

  it('writes RFC 4180 CSV and defuses spreadsheet formulas', () => {
    expect(toCsv(['a', 'b'], [['plain', 'has, comma'], ['say "hi"', '=SUM(A1)'], ['two\nlines', '']])).toBe(
      'a,b\r\nplain,"has, comma"\r\n"say ""hi""",\'=SUM(A1)\r\n"two\nlines",\r\n',
    );
  });
});

describe('registry table: sorting and filtering (client/src/registry/registry-table.ts)', () => {
  // Columns as REGISTRY_COLUMNS: name, category, organisation, venue, postcode, latitude, longitude, …
  const row = (name: string, category: string, postcode: string, latitude: string) => [name, category, '', '', postcode, latitude, '', '', '', '', '', '', 'no', '', '', ''];
  const rows = [
    row('Step 10 café', 'Recovery community', 'HX1 1AA', '53.72000'),
    row('step 2 group', 'Mutual aid', '', '53.7'),
    row('Aa meeting', 'Mutual aid', 'HX3 5ZZ', '9.5'),
    row('Bridge', 'Treatment', 'OL14 5AB', ''),
  ];
  const names = (r: string[][]) => r.map((x) => x[0]);

  it('sorts names as people read them (case-blind, 2 before 10), either way', () => {
    expect(names(sortRows(rows, { column: 'name', direction: 'ascending' }))).toEqual(['Aa meeting', 'Bridge', 'step 2 group', 'Step 10 café']);
    expect(names(sortRows(rows, { column: 'name', direction: 'descending' }))).toEqual(['Step 10 café', 'step 2 group', 'Bridge', 'Aa meeting']);
  });

  it('sorts coordinates as numbers (9.5 before 53.7), and empty values last in both directions', () => {
    expect(names(sortRows(rows, { column: 'latitude', direction: 'ascending' }))).toEqual(['Aa meeting', 'step 2 group', 'Step 10 café', 'Bridge']);
    expect(names(sortRows(rows, { column: 'latitude', direction: 'descending' }))).toEqual(['Step 10 café', 'step 2 group', 'Aa meeting', 'Bridge']);
    expect(names(sortRows(rows, { column: 'postcode', direction: 'descending' }))).toEqual(['Bridge', 'Aa meeting', 'Step 10 café', 'step 2 group']);
  });

  it('filters by category and by every word typed, in any field, ignoring case', () => {
    expect(names(filterRows(rows, { text: '', category: 'Mutual aid' }))).toEqual(['step 2 group', 'Aa meeting']);
    expect(names(filterRows(rows, { text: 'hx', category: '' }))).toEqual(['Step 10 café', 'Aa meeting']);
    expect(names(filterRows(rows, { text: 'STEP  café', category: '' }))).toEqual(['Step 10 café']);
    expect(names(filterRows(rows, { text: 'hx', category: 'Treatment' }))).toEqual([]);
  });
});
