import { z } from 'zod';
import { parseRows } from './parse-rows';

const row = z.object({ id: z.string(), n: z.number() });

test('every row parsed in order across slices, unknown fields stripped', async () => {
  const rows = Array.from({ length: 25 }, (_, i) => ({ id: `r${i}`, n: i, extra: true }));
  const parsed = await parseRows(row, rows, 10);
  expect(parsed).toHaveLength(25);
  expect(parsed[24]).toEqual({ id: 'r24', n: 24 });
  expect(parsed.map((r) => r.n)).toEqual(rows.map((r) => r.n));
});

test('a bad row in a later slice is refused', async () => {
  const rows: unknown[] = Array.from({ length: 25 }, (_, i) => ({ id: `r${i}`, n: i }));
  rows[21] = { id: 'r21', n: 'twenty-one' };
  await expect(parseRows(row, rows, 10)).rejects.toThrow(/number/i);
});
