/**
 * Sorting and filtering the registry table's rows. Pure (no DOM), so the order and the
 * matches are unit-tested (test/browser/client-registry.test.ts).
 */
import { REGISTRY_COLUMNS } from './registry-data';

export type Column = (typeof REGISTRY_COLUMNS)[number];
export type SortState = { column: Column; direction: 'ascending' | 'descending' };
export type RowFilter = { text: string; category: string };

const NUMERIC: readonly Column[] = ['latitude', 'longitude'];
const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Rows in the column's order; empty values last whichever the direction; ties keep their order. */
export function sortRows(rows: readonly string[][], sort: SortState): string[][] {
  const i = REGISTRY_COLUMNS.indexOf(sort.column);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const numeric = NUMERIC.includes(sort.column);
  return rows
    .map((row, at) => ({ row, at }))
    .sort((a, b) => {
      const x = a.row[i] ?? '', y = b.row[i] ?? '';
      if (!x || !y) return (!x ? 1 : 0) - (!y ? 1 : 0) || a.at - b.at;
      const d = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return d * sign || a.at - b.at;
    })
    .map(({ row }) => row);
}

/** Rows whose category is the one chosen ('' for any) and any of whose fields holds every word typed. */
export function filterRows(rows: readonly string[][], filter: RowFilter): string[][] {
  const words = filter.text.toLocaleLowerCase('en-GB').split(/\s+/).filter(Boolean);
  const category = REGISTRY_COLUMNS.indexOf('category');
  return rows.filter((row) => {
    if (filter.category && row[category] !== filter.category) return false;
    const haystack = row.join('\u0000').toLocaleLowerCase('en-GB');
    return words.every((w) => haystack.includes(w));
  });
}
