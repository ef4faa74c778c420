import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../../audit/transaction';
import type { Viewer } from '../../auth/viewer';
import { assetCreateSchema, postcodeSchema, type AssetCreateInput } from '../../assets/schemas';
import { insertOrganisation } from '../../organisations/repo';
import { organisationCreateSchema } from '../../organisations/schemas';
import { withoutContactDetails } from '../shared/free-text';
import { httpError, notFound } from '../../http/errors';
import { currentPartnership } from '../../partnerships/repo';
import { toCsv } from '../files/csv';
import { rejectRows, type ImportMode, type RowProblem } from '../shared/problems';
import { postcodePoints, refsOf } from '../shared/refs-repo';
import { syncAssets, type SyncReport, type Wanted } from '../shared/sync';
import { assetInputFromHsds } from './from-hsds';
import { organisationIdsByName, setLastVerifiedDays } from './exchange-repo';
import type { NotRead } from './hsds1';
import { readUpload } from './package-in';
import { heldMessage } from '../shared/bulk-create';
import { listOrganizations, listServices, listTaxonomies, listTaxonomyTerms } from './service';
import { TABLES, datapackage, flatten, tableColumns, tablePath, type TableName } from './tabular';
import { isZip, unzipPackage, zipFiles } from './zip';

/**
 * HSDS in and out of the registry: the tabular data package (datapackage.json and one
 * CSV per table, or all of them in one .zip; masked for the viewer exactly as the Open
 * Referral API is, because it is built from that API's records), and imports of HSDS
 * JSON or a data package (JSON, or zipped).
 */
type Json = Record<string, any>;
export const PACKAGE_ZIP = 'datapackage.zip';
export const PACKAGE_FILES = ['datapackage.json', PACKAGE_ZIP, ...TABLES.map((t) => tablePath(t))] as const;

async function allPages(fetch: (page: number) => Promise<{ contents: Json[]; last_page: boolean }>): Promise<Json[]> {
  const all: Json[] = [];
  for (let page = 1; ; page++) {
    const p = await fetch(page);
    all.push(...p.contents);
    if (p.last_page || !p.contents.length) return all;
  }
}

export async function exportPackageFile(knex: Knex, viewer: Viewer, file: string): Promise<{ type: string; body: string | Json | Uint8Array }> {
  if (file === 'datapackage.json') return { type: 'application/json', body: await descriptorOf(knex) };
  if (file === PACKAGE_ZIP) {
    const tables = await packageTables(knex, viewer);
    const files: Record<string, string> = { 'datapackage.json': JSON.stringify(await descriptorOf(knex), null, 2) };
    for (const t of TABLES) files[tablePath(t)] = tableCsv(t, tables[t]);
    return { type: 'application/zip', body: zipFiles(files) };
  }
  const table = TABLES.find((t) => tablePath(t) === file);
  if (!table) throw notFound('File');
  return { type: 'text/csv', body: tableCsv(table, (await packageTables(knex, viewer))[table]) };
}

async function descriptorOf(knex: Knex): Promise<Json> {
  const partnership = await currentPartnership(knex);
  return datapackage(`${partnership.name}: recovery assets (HSDS 3)`);
}

/** Every table of the package, from the Open Referral API's records for this viewer (so masked as it is). */
async function packageTables(knex: Knex, viewer: Viewer): Promise<Record<TableName, Json[]>> {
  const services = await allPages((page) => listServices(knex, viewer, { page, per_page: 500, full: true, minimal: false, full_service: false }, 'hsds'));
  const organizations = await allPages((page) => listOrganizations(knex, { page, per_page: 500 }));
  const taxonomies = listTaxonomies({ page: 1, per_page: 500 }).contents;
  const taxonomyTerms = listTaxonomyTerms({ page: 1, per_page: 500 }).contents;
  return flatten({ services, organizations, taxonomies, taxonomyTerms });
}

const tableCsv = (table: TableName, rows: Json[]) => toCsv(tableColumns(table).map((c) => c.name), rows);

/**
 * An uploaded HSDS file as importHsds takes it: a zipped data package (datapackage.json
 * and its CSVs, size-bounded: see zip.ts), or JSON.
 */
export async function hsdsUpload(bytes: Uint8Array, text: () => string): Promise<unknown> {
  if (!isZip(bytes)) return parseJsonBody(text(), '(body)');
  const files = await unzipPackage(bytes);
  return { datapackage: parseJsonBody(files['datapackage.json'], 'datapackage.json'), files };
}

function parseJsonBody(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw httpError('validation_failed', `${field}: is not valid JSON`, [{ field, message: 'is not valid JSON' }]);
  }
}

/** A value kept out or changed on the way in (the row still imports). */
export type RowWarning = { row: number; field: string; message: string };
export type HsdsImportReport = SyncReport & {
  services: number;
  /** The package's HSDS version (null for HSDS JSON), and the tables and columns not read. */
  version: '1.x' | '3' | null;
  notRead: NotRead[];
  problems: RowProblem[];
  warnings: RowWarning[];
  /** Held records in words, by row (sensitive, likely duplicates): none of them published. */
  heldRows: { row: number; assetId: string; message: string }[];
  /** Organisations the services named that the registry lacked, created by this import. */
  organisationsCreated: number;
};

export async function importHsds(knex: Knex, viewer: Viewer, opts: { source: string; publish: boolean; mode: ImportMode; body: unknown }): Promise<HsdsImportReport> {
  const { services, version, notRead } = readUpload(opts.body);
  const postcodes = services.flatMap((s) => (s.service_at_locations ?? []).flatMap((sal: Json) => (sal.location?.addresses ?? []).map((a: Json) => postcodeSchema.safeParse(a.postal_code ?? '').data).filter(Boolean)));
  const points = await postcodePoints(knex, postcodes);
  const orgIds = await organisationIdsByName(knex, (await currentPartnership(knex)).id);
  const problems: RowProblem[] = [];
  const warnings: RowWarning[] = [];
  const wanted: (Wanted & { assuredDate: string | null; newOrganisation?: NewOrganisation })[] = [];
  const seen = new Set<string>();
  // Service id → the organisation it names that the registry lacks (created in the write).
  const newOrganisations = new Map<string, NewOrganisation>();
  services.forEach((s, i) => {
    const row = i + 1;
    if (typeof s.id !== 'string' || !s.id) return void problems.push({ row, field: 'id', message: 'is required' });
    if (seen.has(s.id)) return void problems.push({ row, field: 'id', message: 'is used by an earlier service' });
    seen.add(s.id);
    const { input, assuredDate, organisationName, warnings: found } = assetInputFromHsds(s, (p) => points.get(p));
    const organisationId = organisationName ? orgIds.get(organisationName.trim().toLowerCase()) : undefined;
    const raw = { ...input, ...(organisationId ? { organisationId } : {}) };
    if (organisationName && !organisationId) newOrganisations.set(s.id, organisationOf(s.organization));
    const parsed = assetCreateSchema.safeParse(raw);
    if (!parsed.success) return void parsed.error.issues.forEach((issue) => problems.push({ row, field: issue.path.join('.') || '(service)', message: issue.message }));
    for (const w of found) warnings.push({ row, ...w });
    wanted.push({ externalIds: [s.id], input: parsed.data, provided: Object.keys(raw), assuredDate, row, newOrganisation: newOrganisations.get(s.id) });
  });
  if (opts.mode === 'all_or_nothing') rejectRows(problems);
  const partnership = await currentPartnership(knex);
  const source = { partnershipId: partnership.id, kind: 'hsds' as const, key: opts.source };
  const report = await writeTransaction(knex, actorOf(viewer), async (trx) => {
    // Services' organisations the registry does not hold yet are created (as pending unless
    // the import publishes), so a directory's services arrive linked, not orphaned.
    const created = await createMissingOrganisations(trx, viewer, partnership.id, wanted, opts.publish);
    const known = (await refsOf(trx, source)).map((r) => r.externalId);
    const synced = await syncAssets(trx, viewer, source, wanted, opts.publish, known);

    // assured_date is when someone last confirmed the record: Waymark's "last verified".
    const idOf = new Map(synced.assets.flatMap((a) => a.externalIds.map((e) => [e, a.assetId] as const)));
    await setLastVerifiedDays(trx, wanted.flatMap((w) => (w.assuredDate ? [{ assetId: idOf.get(w.externalIds[0])!, day: w.assuredDate }] : [])));
    return { ...synced, organisationsCreated: created };
  });
  const heldRows = report.held.map((h) => ({ row: h.row, assetId: h.assetId, message: heldMessage(h) }));
  for (const w of wanted) delete w.newOrganisation;
  return { ...report, services: services.length, version, notRead, problems, warnings, heldRows };
}

type NewOrganisation = { name: string; description: string | null; website: string | null };

/** An HSDS organisation as Waymark keeps it: its name, public description (no contact details) and website. */
function organisationOf(o: Json): NewOrganisation {
  const website = typeof o?.website === 'string' ? o.website : typeof o?.url === 'string' ? o.url : null;
  const parsed = organisationCreateSchema.shape.website.safeParse(website && !/^https?:\/\//i.test(website) ? `http://${website}` : website);
  return {
    name: String(o.name).trim().slice(0, 200),
    description: withoutContactDetails(typeof o.description === 'string' ? o.description.slice(0, 5000) : null).text,
    website: parsed.success ? parsed.data ?? null : null,
  };
}

/**
 * Create the organisations the services name that the registry lacks (one per name), and
 * point those services at them. Returns how many were created. Audited like any write.
 */
async function createMissingOrganisations(trx: Knex.Transaction, viewer: Viewer, partnershipId: string, wanted: { input: AssetCreateInput; provided: string[]; newOrganisation?: NewOrganisation }[], publish: boolean): Promise<number> {
  const byName = new Map<string, string>();
  for (const w of wanted) {
    if (!w.newOrganisation || w.newOrganisation.name.length < 2) continue;
    const key = w.newOrganisation.name.toLowerCase();
    if (!byName.has(key)) {
      const row = await insertOrganisation(trx, partnershipId, { ...w.newOrganisation, kind: 'other' }, actorOf(viewer), publish ? 'published' : 'pending');
      byName.set(key, row.id);
    }
    w.input = { ...w.input, organisationId: byName.get(key)! };
    if (!w.provided.includes('organisationId')) w.provided = [...w.provided, 'organisationId'];
  }
  return byName.size;
}
