/** The registry's counts and CSV (client/src/registry/registry-data.ts), against hand-counted data. */
import { countBy, toCsv } from '../../client/src/registry/registry-data';
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
