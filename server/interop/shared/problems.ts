import { httpError } from '../../http/errors';

/** A problem with one row of an imported file: its number (from 1; 0 = the file itself), the field, and why. */
export type RowProblem = { row: number; field: string; message: string };
export type ImportMode = 'all_or_nothing' | 'valid_only';

/** All-or-nothing: any row problem rejects the whole file, every problem named as `rows.N.field`. */
export function rejectRows(problems: RowProblem[]): void {
  if (!problems.length) return;
  throw httpError(
    'invalid_rows',
    `${new Set(problems.map((p) => p.row)).size} row(s) cannot be imported; nothing was imported.`,
    problems.map((p) => ({ field: `rows.${p.row}.${p.field}`, message: p.message })),
  );
}
