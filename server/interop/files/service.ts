import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../../audit/transaction';
import type { Viewer } from '../../auth/viewer';
import { assetCreateSchema, postcodeSchema, type AssetCreateInput } from '../../assets/schemas';
import { batchDuplicates } from '../../assets/duplicates-service';
import { HttpError } from '../../http/errors';
import { currentPartnership } from '../../partnerships/repo';
import { rejectRows, type ImportMode, type RowProblem } from '../shared/problems';
import { addRefs, postcodePoints, refsOf } from '../shared/refs-repo';
import { syncAssets } from '../shared/sync';
import { runInWorker } from '../../workers/tasks';
import type { Table } from './csv';
import { parseGeojson } from './geojson';
import { MAPPABLE_FIELDS, columnOf, rowToInput, suggestMapping, type ColumnMapping } from './mapping';
import * as repo from './repo';

/**
 * CSV and GeoJSON imports of assets: a mapping step saved per source, validation row by
 * row with the asset schema, duplicate detection with the registry's own rule, then one
 * transaction. Rows are numbered as a spreadsheet shows them (the header is row 1; for
 * GeoJSON, feature n is row n).
 */
export type FileFormat = 'csv' | 'geojson';
export type Progress = { phase: 'reading' | 'validating' | 'checking duplicates' | 'writing'; done: number; total: number };
export type ImportReport = {
  rows: number; created: number; updated: number; unchanged: number; skipped: number; problems: RowProblem[]; createdIds: string[];
};

async function readTable(format: FileFormat, text: string): Promise<Table> {
  try {
    // A large CSV is parsed on a worker thread (~0.4 s for 20,000 rows): the event loop keeps answering.
    return format === 'csv' ? await runInWorker('parseCsv', [text], text.length) : parseGeojson(text);
  } catch (err) {
    throw new HttpError(422, 'invalid_file', `The file cannot be read as ${format.toUpperCase()}: ${(err as Error).message}`, [{ field: '(body)', message: 'cannot be read' }]);
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

type ValidRow = { row: number; externalId: string | null; input: AssetCreateInput };
/**
 * Rows written per round of statements, and so per progress line while writing. Each
 * statement must fit the server's statement timeout, and the embedded engine runs each on
 * the event loop's thread: 10,000 assets were one 4 s INSERT there (no request answered
 * meanwhile); 1,000 are about 0.4 s.
 */
const WRITE_BATCH = 1_000;

/** Rows → valid inputs (points filled from the postcode table where missing) and problems. */
async function validate(knex: Knex, table: Table, mapping: ColumnMapping, format: FileFormat, publish: boolean) {
  const problems: RowProblem[] = [];
  const mapped = table.records.map((r, i) => ({ row: i + firstRow(format), ...rowToInput(r, mapping) }));
  const postcodesWanted = mapped.flatMap((m) => {
    const site = (m.input.sites as Record<string, unknown>[])[0];
    if (site.lat !== undefined) return [];
    const pc = postcodeSchema.safeParse(site.postcode ?? '');
    return pc.success ? [pc.data] : [];
  });
  const points = await postcodePoints(knex, postcodesWanted);
  const valid: ValidRow[] = [];
  const keys = new Set<string>();
  for (const m of mapped) {
    const site = (m.input.sites as Record<string, unknown>[])[0];
    if (site.lat === undefined && site.lng === undefined) {
      const p = points.get(postcodeSchema.safeParse(site.postcode ?? '').data ?? '');
      if (!p) {
        problems.push({ row: m.row, field: mapping.postcode ?? mapping.lat ?? 'lat', message: 'needs lat and lng, or a known postcode' });
        continue;
      }
      Object.assign(site, p);
    }
    const parsed = assetCreateSchema.safeParse({ ...m.input, publish });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ row: m.row, field: columnOf(issue.path, mapping), message: issue.message });
      continue;
    }
    if (m.externalId && keys.has(m.externalId)) {
      problems.push({ row: m.row, field: mapping.externalId!, message: 'is used by an earlier row' });
      continue;
    }
    if (m.externalId) keys.add(m.externalId);
    valid.push({ row: m.row, externalId: m.externalId, input: parsed.data });
  }
  return { valid, problems };
}

export async function importFile(
  knex: Knex,
  viewer: Viewer,
  opts: { source: string; format: FileFormat; mode: ImportMode; publish: boolean; text: string },
  onProgress: (p: Progress) => void = () => {},
): Promise<ImportReport> {
  const table = await readTable(opts.format, opts.text);
  onProgress({ phase: 'reading', done: table.records.length, total: table.records.length });
  const partnership = await currentPartnership(knex);
  const mapping = await repo.savedMapping(knex, partnership.id, opts.source);
  if (!mapping) throw new HttpError(409, 'no_mapping', 'Map the columns of this source first (PUT /api/imports/mappings/:source).', [{ field: 'query.source', message: 'has no saved column mapping' }]);
  const missing = Object.entries(mapping).filter(([, col]) => col && !table.headers.includes(col));
  if (missing.length) throw new HttpError(422, 'mapping_mismatch', 'The file lacks columns the saved mapping names.', missing.map(([f, col]) => ({ field: f, message: `column "${col}" is not in the file` })));

  const { valid, problems } = await validate(knex, table, mapping, opts.format, opts.publish);
  onProgress({ phase: 'validating', done: table.records.length, total: table.records.length });

  const source = { partnershipId: partnership.id, kind: 'csv' as const, key: opts.source };
  const actorId = actorOf(viewer);
  const status = opts.publish ? 'published' : 'pending';
  const report = await writeTransaction(knex, actorId, async (trx) => {
    await repo.prepareBulkWrite(trx);
    const known = new Map((await refsOf(trx, source)).map((r) => [r.externalId, r.assetId]));
    const updates = valid.filter((v) => v.externalId && known.has(v.externalId));
    const fresh = valid.filter((v) => !(v.externalId && known.has(v.externalId)));

    // Rows whose key is known update their asset (only what the mapped columns speak for);
    // a CSV file need not list every record, so nothing is archived for being absent.
    const wanted = updates.map((u) => ({ externalIds: [u.externalId!], input: u.input, provided: ['sites', ...Object.keys(mapping).filter((f) => f in u.input)] }));
    const synced = await syncAssets(trx, viewer, source, wanted, opts.publish, [...known.keys()]);

    // The capture rule itself (names, contacts, organisation, distance decay), over the whole
    // file at once: each new row against the registry and the file's earlier accepted rows.
    onProgress({ phase: 'checking duplicates', done: 0, total: fresh.length });
    const verdicts = await batchDuplicates(trx, viewer, partnership.id, fresh.map((v) => ({ ...v.input, point: v.input.sites[0] as { lat: number; lng: number }, status })));
    const accepted: (ValidRow & { id: string })[] = [];
    fresh.forEach((v, i) => {
      const d = verdicts.duplicates[i];
      if (d) problems.push({ row: v.row, field: mapping.name ?? 'name', message: `is likely a duplicate of "${d.name}" (${d.status}, ${d.id})` });
      else accepted.push({ ...v, id: verdicts.ids[i] });
    });
    onProgress({ phase: 'checking duplicates', done: fresh.length, total: fresh.length });
    problems.sort((a, b) => a.row - b.row);
    // All or nothing: every row is checked in full, then nothing is written (the updates roll back).
    if (opts.mode === 'all_or_nothing') rejectRows(problems);

    const createdIds: string[] = [];
    for (let i = 0; i < accepted.length; i += WRITE_BATCH) {
      const batch = accepted.slice(i, i + WRITE_BATCH);
      createdIds.push(...(await repo.insertAssets(trx, partnership.id, actorId, batch.map((r) => ({ id: r.id, input: r.input, status })))));
      await addRefs(trx, source, batch.flatMap((r) => (r.externalId ? [{ externalId: r.externalId, assetId: r.id }] : [])));
      onProgress({ phase: 'writing', done: i + batch.length, total: accepted.length });
    }
    return { created: createdIds.length, createdIds, updated: synced.updated, unchanged: synced.unchanged };
  });
  const skipped = new Set(problems.map((p) => p.row)).size;
  return { rows: table.records.length, ...report, skipped, problems, createdIds: report.createdIds.slice(0, 1000) };
}
