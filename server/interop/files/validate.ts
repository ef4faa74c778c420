import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { assetCreateSchema, postcodeSchema, type AssetCreateInput } from '../../assets/schemas';
import { describeRemoved, withoutContactDetails } from '../shared/free-text';
import type { RowProblem } from '../shared/problems';
import { postcodePoints } from '../shared/refs-repo';
import type { Table } from './csv';
import { FIELD_LABELS, columnOf, rowToInput, type ColumnMapping, type MappableField } from './mapping';

/**
 * Rows of a file → inputs ready to write, and every problem of every row (all of them,
 * not the first), named by the column heading the user wrote. Points come from lat/lng or
 * the postcode table; a valid postcode the table does not know does not fail the row: it
 * imports with no place, held for a coordinator to place on the map.
 */
export type RowWarning = { row: number; field: string; message: string };
export type ValidRow = {
  row: number; key: string; input: AssetCreateInput;
  /** Fields this row speaks for when it updates a record it made before. */
  provided: string[];
  /** A valid postcode not in the table: no place yet (`unplacedPostcode`), and what the row said of the place. */
  unplaced: { postcode: string; venueName: string | null; address: string | null } | null;
};

/** Free-text fields that become public text: contact details found there are kept out. */
const FREE_TEXT: MappableField[] = ['description', 'costNotes', 'scheduleNotes'];
export const POSTCODE_NOT_ON_FILE = 'postcode not on file: place it on the map';

// Zod's words for a wrong type, in the user's terms.
function messageOf(issue: { code: string; path: PropertyKey[]; message: string }): string {
  const last = issue.path[issue.path.length - 1];
  if ((last === 'lat' || last === 'lng') && issue.code === 'invalid_type') return 'is not a number';
  return issue.message;
}

/** Without a reference column, a row is known again by what it says (a re-import of the same row writes nothing). */
function rowKey(record: Record<string, string>, mapping: ColumnMapping): string {
  const cells = Object.entries(mapping).sort(([a], [b]) => a.localeCompare(b)).map(([, col]) => (record[col!] ?? '').trim());
  return `row:${createHash('sha1').update(JSON.stringify(cells)).digest('hex')}`;
}

const withoutSites = ({ sites: _s, ...rest }: AssetCreateInput) => JSON.stringify(rest);
function sameRecordOtherPlace(earlier: ValidRow, input: AssetCreateInput, unplaced: ValidRow['unplaced']): boolean {
  return !earlier.unplaced && !unplaced && earlier.input.sites.length > 0 && input.sites.length > 0 && withoutSites(earlier.input) === withoutSites(input);
}

/**
 * Checking a row (mapping, contact details, the asset schema) takes ~50 µs: 20,000 rows held
 * the event loop for 1.2 s in one piece (bench:load --scenario stall, --cpu-prof). Every
 * 500 rows (~25 ms) the loop gets a turn, so requests are answered meanwhile.
 */
const YIELD_EVERY_ROWS = 500;
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function validateRows(knex: Knex, table: Table, mapping: ColumnMapping, firstRow: number, publish: boolean) {
  const problems: RowProblem[] = [];
  const warnings: RowWarning[] = [];
  const col = (f: MappableField) => mapping[f] ?? FIELD_LABELS[f];
  const mapped: ({ row: number; record: Record<string, string> } & ReturnType<typeof rowToInput>)[] = [];
  for (let i = 0; i < table.records.length; i++) {
    if (i > 0 && i % YIELD_EVERY_ROWS === 0) await yieldToRequests();
    mapped.push({ row: i + firstRow, record: table.records[i], ...rowToInput(table.records[i], mapping) });
  }
  const postcodesWanted = mapped.flatMap((m) => {
    const site = (m.input.sites as Record<string, unknown>[])[0];
    const pc = postcodeSchema.safeParse(site.postcode ?? '');
    return site.lat === undefined && pc.success ? [pc.data] : [];
  });
  const points = await postcodePoints(knex, postcodesWanted);
  const valid: ValidRow[] = [];
  const byKey = new Map<string, ValidRow>();
  for (const [n, m] of mapped.entries()) {
    if (n > 0 && n % YIELD_EVERY_ROWS === 0) await yieldToRequests();
    const rowProblems: RowProblem[] = m.problems.map((p) => ({ row: m.row, field: col(p.field), message: p.message }));
    warnings.push(...m.notes.map((n) => ({ row: m.row, field: col(n.field), message: n.message })));
    for (const f of FREE_TEXT) {
      const cleaned = withoutContactDetails(m.input[f] as string | null);
      if (!cleaned.removed.length) continue;
      m.input[f] = cleaned.text;
      warnings.push({ row: m.row, field: col(f), message: describeRemoved(cleaned.removed) });
    }
    const site = (m.input.sites as Record<string, unknown>[])[0];
    let unplaced: ValidRow['unplaced'] = null;
    if (site.lat === undefined && site.lng === undefined) {
      const pc = postcodeSchema.safeParse(site.postcode ?? '');
      const point = pc.success ? points.get(pc.data) : undefined;
      if (point) Object.assign(site, point);
      else if (pc.success) {
        unplaced = { postcode: pc.data, venueName: (site.venueName as string | null) ?? null, address: (site.address as string | null) ?? null };
        warnings.push({ row: m.row, field: col('postcode'), message: `${pc.data}: ${POSTCODE_NOT_ON_FILE}` });
        m.input.sites = [];
      } else {
        const written = site.postcode as string | null;
        rowProblems.push({ row: m.row, field: mapping.postcode ?? mapping.lat ?? col('lat'), message: written ? `"${written}" is not a UK postcode: give a postcode, or lat and lng` : 'needs lat and lng, or a postcode' });
        m.input.sites = [];
      }
    }
    const parsed = assetCreateSchema.safeParse({ ...m.input, publish });
    if (!parsed.success) {
      const named = new Set(rowProblems.map((p) => p.field));
      for (const issue of parsed.error.issues) {
        const field = columnOf(issue.path, mapping);
        if (!named.has(field)) rowProblems.push({ row: m.row, field, message: messageOf(issue) });
      }
    }
    const key = m.externalId ?? rowKey(m.record, mapping);
    const earlier = byKey.get(key);
    // An export writes a record with several places as one row per place, under one id.
    if (earlier && parsed.success && !rowProblems.length && sameRecordOtherPlace(earlier, parsed.data, unplaced)) {
      earlier.input.sites.push(...parsed.data.sites);
      continue;
    }
    if (earlier) rowProblems.push({ row: m.row, field: mapping.externalId ?? '(row)', message: m.externalId ? 'is used by an earlier row' : 'is the same as an earlier row' });
    if (rowProblems.length || !parsed.success) {
      problems.push(...rowProblems);
      continue;
    }
    // An import may mark a record sensitive, never unmark it; an unplaced or approximate row
    // does not speak for the place (a coordinator places it, and a re-import keeps that).
    const provided = [
      ...(unplaced || m.approximate ? [] : ['sites']),
      ...Object.keys(mapping).filter((f) => f in parsed.data && f !== 'sensitive'),
      ...(mapping.schedule ? ['scheduleNotes'] : []),
      ...(parsed.data.sensitive ? ['sensitive'] : []),
    ];
    const v: ValidRow = { row: m.row, key, input: parsed.data, provided: [...new Set(provided)], unplaced };
    byKey.set(key, v);
    valid.push(v);
  }
  return { valid, problems, warnings };
}
