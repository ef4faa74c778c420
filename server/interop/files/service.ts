import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../../audit/transaction';
import type { Viewer } from '../../auth/viewer';
import type { AssetCreateInput } from '../../assets/schemas';
import { httpError } from '../../http/errors';
import { currentPartnership } from '../../partnerships/repo';
import { checkDuplicates, createRecords, heldMessage, type BulkCreateReport } from '../shared/bulk-create';
import { readDataVersion } from '../../cache/repo';
import type { BatchVerdicts } from '../../assets/duplicates/service';
import { rejectRows, type ImportMode, type RowProblem } from '../shared/problems';
import { refsOf } from '../shared/refs-repo';
import { syncAssets } from '../shared/sync';
import { runInWorker } from '../../workers/tasks';
import type { Table } from './csv';
import { parseGeojson } from './geojson';
import { FIELD_LABELS, MAPPABLE_FIELDS, suggestMapping, type ColumnMapping } from './mapping';
import * as repo from './repo';
import { POSTCODE_NOT_ON_FILE, validateRows, type RowWarning, type ValidRow } from './validate';

/**
 * CSV and GeoJSON imports of assets: a mapping step saved per source, validation row by
 * row with the asset schema, then one transaction that updates the rows it knows and
 * writes the new ones with the import hold rules (bulk-create.ts: sensitive records and
 * likely duplicates are held as pending, never dropped or published). Rows are numbered as
 * a spreadsheet shows them (the header is row 1; for GeoJSON, feature n is row n).
 *
 * Three steps, all exported: `prepareImport` reads and validates, `checkImport` checks the
 * new rows for duplicates, both outside any transaction; `writeImport` is the write.
 * `importFile` runs them in turn.
 */
export type FileFormat = 'csv' | 'geojson';
export type Progress = { phase: 'reading' | 'validating' | 'checking duplicates' | 'writing'; done: number; total: number };
/** A row written but not published: for a coordinator to confirm, place, or compare with its match. */
export type HeldRow = { row: number; field: string; reason: 'sensitive' | 'likely_duplicate' | 'duplicate_of_sensitive' | 'postcode_not_on_file'; message: string };
export type ImportReport = {
  rows: number; created: number; updated: number; unchanged: number; skipped: number; problems: RowProblem[]; createdIds: string[];
  /** Rows imported but held as pending, and why. */
  held: HeldRow[];
  /** Rows imported with something changed or to check (contact details kept out of public text, schedules kept as notes). */
  warnings: RowWarning[];
};
export type ImportOptions = { source: string; format: FileFormat; mode: ImportMode; publish: boolean; text: string };
export type PreparedImport = { partnershipId: string; rows: number; mapping: ColumnMapping; valid: ValidRow[]; problems: RowProblem[]; warnings: RowWarning[] };

async function readTable(format: FileFormat, text: string): Promise<Table> {
  try {
    // A large CSV is parsed on a worker thread (~0.4 s for 20,000 rows): the event loop keeps answering.
    return format === 'csv' ? await runInWorker('parseCsv', [text], text.length) : parseGeojson(text);
  } catch (err) {
    throw httpError('invalid_file', `The file cannot be read as ${format.toUpperCase()}: ${(err as Error).message}`, [{ field: '(body)', message: 'cannot be read' }]);
  }
}
const firstRow = (format: FileFormat) => (format === 'csv' ? 2 : 1);

export async function preview(knex: Knex, source: string, format: FileFormat, text: string) {
  const table = await readTable(format, text);
  const partnership = await currentPartnership(knex);
  return {
    headers: table.headers,
    sample: table.records.slice(0, 5),
    rows: table.records.length,
    fields: MAPPABLE_FIELDS,
    fieldLabels: FIELD_LABELS,
    savedMapping: await repo.savedMapping(knex, partnership.id, source),
    suggestedMapping: suggestMapping(table.headers),
  };
}

export async function getMapping(knex: Knex, source: string) {
  const partnership = await currentPartnership(knex);
  return { source, mapping: await repo.savedMapping(knex, partnership.id, source) };
}

export async function saveMapping(knex: Knex, viewer: Viewer, source: string, mapping: ColumnMapping) {
  const partnership = await currentPartnership(knex);
  await writeTransaction(knex, actorOf(viewer), (trx) => repo.saveMapping(trx, partnership.id, source, mapping, actorOf(viewer)));
  return { source, mapping };
}

/** Read, map and check every row; writes nothing. All or nothing rejects here, before any transaction. */
export async function prepareImport(knex: Knex, opts: ImportOptions, onProgress: (p: Progress) => void = () => {}): Promise<PreparedImport> {
  const table = await readTable(opts.format, opts.text);
  onProgress({ phase: 'reading', done: table.records.length, total: table.records.length });
  const partnership = await currentPartnership(knex);
  const mapping = await repo.savedMapping(knex, partnership.id, opts.source);
  if (!mapping) throw httpError('no_mapping', 'Map the columns of this source first (PUT /api/imports/mappings/:source).', [{ field: 'query.source', message: 'has no saved column mapping' }]);
  const missing = Object.entries(mapping).filter(([, col]) => col && !table.headers.includes(col));
  if (missing.length) throw httpError('mapping_mismatch', 'The file lacks columns the saved mapping names.', missing.map(([f, col]) => ({ field: f, message: `column "${col}" is not in the file` })));
  const { valid, problems, warnings } = await validateRows(knex, table, mapping, firstRow(opts.format), opts.publish);
  onProgress({ phase: 'validating', done: table.records.length, total: table.records.length });
  // All or nothing: every row is checked in full, then nothing is written.
  if (opts.mode === 'all_or_nothing') rejectRows(problems);
  return { partnershipId: partnership.id, rows: table.records.length, mapping, valid, problems, warnings };
}

/**
 * A record's places come back in file order, and are stored in no order of their own
 * (one statement writes them): put a known record's places in the order it lists them,
 * so the same places compare as unchanged.
 */
async function inStoredOrder(trx: Knex.Transaction, updates: ValidRow[], refs: Map<string, string>): Promise<void> {
  const several = updates.filter((u) => u.input.sites.length > 1);
  const stored = await repo.sitePointsOf(trx, several.map((u) => refs.get(u.key)!));
  for (const u of several) {
    const order = stored.get(refs.get(u.key)!) ?? [];
    const rank = (s: AssetCreateInput['sites'][number]) => {
      const i = 'lat' in s ? order.findIndex((p) => Math.abs(p.lat - s.lat) < 1e-9 && Math.abs(p.lng - s.lng) < 1e-9) : -1;
      return i < 0 ? order.length : i;
    };
    u.input.sites.sort((a, b) => rank(a) - rank(b));
  }
}

const holdReason = (r: ValidRow) =>
  `${r.unplaced!.postcode} is not in the postcode table: place it on the map.` +
  (r.unplaced!.venueName ? ` Venue: ${r.unplaced!.venueName}.` : '') + (r.unplaced!.address ? ` Address: ${r.unplaced!.address}.` : '');

const sourceOf = (prepared: PreparedImport, opts: Pick<ImportOptions, 'source'>) => ({ partnershipId: prepared.partnershipId, kind: 'csv' as const, key: opts.source });
const toRecords = (rows: ValidRow[]) => rows.map((v) => ({ row: v.row, externalIds: [v.key], input: v.input }));

/** The duplicate check of an import's new placed rows, made before its write (checkImport). */
export type CheckedImport = { dataVersion: number; newPlaced: ValidRow[]; verdicts: BatchVerdicts };

/**
 * The duplicate check of the rows that will be new records, outside any transaction, in
 * short statements with other requests' turns between them (bulk-create.ts
 * checkDuplicates): on the embedded engine its one connection is free between them, where
 * inside the write transaction nothing else could read for the whole check.
 */
export async function checkImport(knex: Knex, viewer: Viewer, prepared: PreparedImport, opts: Pick<ImportOptions, 'source' | 'publish'>, onProgress: (p: Progress) => void = () => {}): Promise<CheckedImport> {
  const dataVersion = await readDataVersion(knex);
  const known = new Set((await refsOf(knex, sourceOf(prepared, opts))).map((r) => r.externalId));
  const newPlaced = prepared.valid.filter((v) => !known.has(v.key) && !v.unplaced);
  const verdicts = await checkDuplicates(knex, viewer, prepared.partnershipId, toRecords(newPlaced), opts.publish, (phase, done, total) => onProgress({ phase, done, total }));
  return { dataVersion, newPlaced, verdicts };
}

/**
 * The short write: known rows update their record, new rows are created with the hold
 * rules. `checked` (checkImport's) is used if it still holds inside the transaction: the
 * same rows are new, nothing public was committed since (the data version) and this
 * import changed no known record; otherwise the check runs again inside.
 */
export async function writeImport(knex: Knex, viewer: Viewer, prepared: PreparedImport, opts: Pick<ImportOptions, 'source' | 'publish'>, onProgress: (p: Progress) => void = () => {}, checked?: CheckedImport): Promise<ImportReport> {
  const { mapping, valid, problems, warnings } = prepared;
  const source = sourceOf(prepared, opts);
  const nameColumn = mapping.name ?? 'name';
  const progress = (phase: Progress['phase'], done: number, total: number) => onProgress({ phase, done, total });
  const result = await writeTransaction(knex, actorOf(viewer), async (trx) => {
    await repo.prepareBulkWrite(trx);
    const refs = new Map((await refsOf(trx, source)).map((r) => [r.externalId, r.assetId]));
    const known = new Set(refs.keys());
    const updates = valid.filter((v) => known.has(v.key));
    await inStoredOrder(trx, updates, refs);
    const fresh = valid.filter((v) => !known.has(v.key));
    // Rows whose key is known update their asset (only what the mapped columns speak for);
    // a file need not list every record, so nothing is archived for being absent.
    const synced = await syncAssets(trx, viewer, source, updates.map((u) => ({ externalIds: [u.key], input: u.input, provided: u.provided, row: u.row })), opts.publish, [...known]);
    // A row with no place yet is never published by the import: it waits to be placed.
    const placed = fresh.filter((v) => !v.unplaced);
    const unplaced = fresh.filter((v) => v.unplaced);
    const stands = checked !== undefined && synced.updated === 0 && placed.length === checked.newPlaced.length
      && placed.every((v, i) => v === checked.newPlaced[i]) && (await readDataVersion(trx)) === checked.dataVersion;
    const made = await createRecords(trx, viewer, prepared.partnershipId, source, toRecords(placed), opts.publish, progress, stands ? checked.verdicts : undefined);
    const waiting: BulkCreateReport = unplaced.length ? await createRecords(trx, viewer, prepared.partnershipId, source, toRecords(unplaced), false) : { ids: [], statuses: [], held: [] };
    await repo.setStatusReasons(trx, unplaced.map((v, i) => ({ id: waiting.ids[i], reason: holdReason(v) })));
    const held: HeldRow[] = [
      ...made.held.map((h) => ({ row: h.row, field: nameColumn, reason: h.reason, message: heldMessage(h) })),
      ...unplaced.map((v) => ({ row: v.row, field: mapping.postcode ?? 'postcode', reason: 'postcode_not_on_file' as const, message: `${v.unplaced!.postcode}: ${POSTCODE_NOT_ON_FILE} (imported as pending, with no place yet)` })),
    ].sort((a, b) => a.row - b.row);
    return { createdIds: [...made.ids, ...waiting.ids], held, updated: synced.updated, unchanged: synced.unchanged };
  });
  const skipped = new Set(problems.map((p) => p.row)).size;
  return {
    rows: prepared.rows, created: result.createdIds.length, updated: result.updated, unchanged: result.unchanged, skipped,
    problems, createdIds: result.createdIds.slice(0, 1000), held: result.held, warnings,
  };
}

export async function importFile(knex: Knex, viewer: Viewer, opts: ImportOptions, onProgress: (p: Progress) => void = () => {}): Promise<ImportReport> {
  const prepared = await prepareImport(knex, opts, onProgress);
  const checked = await checkImport(knex, viewer, prepared, opts, onProgress);
  return writeImport(knex, viewer, prepared, opts, onProgress, checked);
}
