import { parseCsv, toCsv } from './csv';

test('round trip with quotes, commas, new lines and lists', () => {
  const rows = [{ a: 'plain', b: 'with, comma', c: 'say "hi"\nthere', d: ['x', 'y'], e: null }];
  const text = toCsv(['a', 'b', 'c', 'd', 'e'], rows);
  expect(text).toBe('a,b,c,d,e\r\nplain,"with, comma","say ""hi""\nthere",x;y,\r\n');
  expect(parseCsv(text)).toEqual({ headers: ['a', 'b', 'c', 'd', 'e'], records: [{ a: 'plain', b: 'with, comma', c: 'say "hi"\nthere', d: 'x;y', e: '' }] });
});

test('formula-like cells are defused, negative numbers are not', () => {
  expect(toCsv(['a', 'b'], [{ a: '=HYPERLINK("x")', b: -1.86 }])).toBe('a,b\r\n"\'=HYPERLINK(""x"")",-1.86\r\n');
});

test('a BOM and short rows are tolerated', () => {
  expect(parseCsv('\uFEFFname,lat\r\nA\r\n')).toEqual({ headers: ['name', 'lat'], records: [{ name: 'A', lat: '' }] });
});
