import { parse } from 'csv-parse/sync';

/** CSV in and out (RFC 4180). Pure. */

export type Table = { headers: string[]; records: Record<string, string>[] };

/** Header row + records keyed by header; blank lines skipped; a BOM is ignored. */
export function parseCsv(text: string): Table {
  const rows: string[][] = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  const [headers = [], ...data] = rows;
  const records = data.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ''])));
  return { headers, records };
}

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(';') : v instanceof Date ? v.toISOString() : String(v);
  // Quote when needed; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
