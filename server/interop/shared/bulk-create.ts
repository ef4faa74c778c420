import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { actorOf } from '../../audit/transaction';
import type { Viewer } from '../../auth/viewer';
import type { AssetCreateInput } from '../../assets/schemas';
import { batchDuplicates, type BatchVerdicts } from '../../assets/duplicates/service';
import type { BatchDuplicate } from '../../assets/duplicates/batch';
import { insertAssets } from '../files/repo';
import { addRefs, type Source } from './refs-repo';

/**
 * New records from any import (CSV, GeoJSON, Meeting Guide, HSDS) written in a few
 * set-based statements, with the rules every import shares about what may be published:
 *
 * - A sensitive record (a refuge) is never published by an import: a coordinator confirms
 *   it first, so it is written as pending and reported as held.
 * - A likely duplicate of a record already in the registry (or of an earlier record of
 *   the same file) is written as pending, held for review beside its match, never
 *   dropped and never published: the review queue shows the match and offers the merge.
 *   A duplicate of a sensitive record is held the same way and says so.
 *
 * Writes inside the caller's transaction (all or nothing stays the caller's choice).
 */
export type NewRecord = { row: number; externalIds: string[]; input: AssetCreateInput };
export type HoldReason = 'sensitive' | 'likely_duplicate' | 'duplicate_of_sensitive';
export type HeldRecord = { row: number; assetId: string; reason: HoldReason; match: { id: string; name: string; status: string } | null };
export type BulkCreateReport = { ids: string[]; statuses: ('pending' | 'published')[]; held: HeldRecord[] };
export type BulkProgress = (phase: 'checking duplicates' | 'writing', done: number, total: number) => void;

/**
 * Rows written per round of statements (and so per progress report while writing). Each
 * statement must fit the server's statement timeout, and the embedded engine runs each on
 * the event loop's thread: 10,000 assets were one 4 s INSERT there (no request answered
 * meanwhile); 1,000 are about 0.4 s.
 */
const WRITE_BATCH = 1_000;

/** The status an import may give a record, before the duplicate check. */
export function importStatus(publish: boolean, input: Pick<AssetCreateInput, 'sensitive'>): 'pending' | 'published' {
  return publish && !input.sensitive ? 'published' : 'pending';
}

/**
 * The duplicate check of `records` (batchDuplicates over those with a place), in short
 * statements that need no transaction: an import runs it before its write transaction
 * opens, so other requests take turns between its statements (on the embedded engine,
 * the one connection is free between them), and gives the verdicts to createRecords if
 * nothing was written in between (the caller checks).
 */
export async function checkDuplicates(
  knex: Knex, viewer: Viewer, partnershipId: string, records: NewRecord[], publish: boolean, onProgress: BulkProgress = () => {},
): Promise<BatchVerdicts> {
  onProgress('checking duplicates', 0, records.length);
  // Online-only records have no place to compare by: like a single capture, they are not
  // checked (duplicatesFor returns nothing without a point).
  const placed = placedOf(records);
  // Only what the rule reads: a copy of each whole record (25 fields) held the event loop
  // about 150 ms in one piece at 20,000 rows (bench:load --scenario stall).
  const verdicts = await batchDuplicates(knex, viewer, partnershipId, placed.map((i) => {
    const { input } = records[i];
    return {
      name: input.name, category: input.category, phone: input.phone, email: input.email, website: input.website,
      organisationId: input.organisationId, schedule: input.schedule, point: pointOf(input)!, status: importStatus(publish, input),
    };
  }));
  onProgress('checking duplicates', records.length, records.length);
  return verdicts;
}

const placedOf = (records: NewRecord[]) => records.flatMap((r, i) => (pointOf(r.input) ? [i] : []));

/**
 * `checked`: checkDuplicates' verdicts over these same records, when nothing the check
 * reads has been written since; without it the check runs here, inside the transaction.
 */
export async function createRecords(
  trx: Knex.Transaction,
  viewer: Viewer,
  partnershipId: string,
  source: Source | null,
  records: NewRecord[],
  publish: boolean,
  onProgress: BulkProgress = () => {},
  checked?: BatchVerdicts,
): Promise<BulkCreateReport> {
  const statuses = records.map((r) => importStatus(publish, r.input));
  const held: HeldRecord[] = [];
  const placed = placedOf(records);
  const verdicts = checked ?? (await checkDuplicates(trx, viewer, partnershipId, records, publish, onProgress));
  if (verdicts.ids.length !== placed.length) throw new Error('createRecords: the duplicate check was of other records');
  const ids: string[] = records.map(() => randomUUID());
  const duplicates: (BatchDuplicate | null)[] = records.map(() => null);
  placed.forEach((recordIndex, k) => {
    ids[recordIndex] = verdicts.ids[k];
    duplicates[recordIndex] = verdicts.duplicates[k];
  });
  const idToIndex = new Map(ids.map((id, i) => [id, i]));
  const registryMatches = [...new Set(duplicates.flatMap((d) => (d && !idToIndex.has(d.id) ? [d.id] : [])))];
  const sensitiveInRegistry = new Set<string>(
    registryMatches.length ? (await trx('asset').whereIn('id', registryMatches).where('sensitive', true).pluck('id')) : [],
  );
  records.forEach((r, i) => {
    const d = duplicates[i];
    if (d) {
      const batchIndex = idToIndex.get(d.id);
      const matchSensitive = batchIndex !== undefined ? records[batchIndex].input.sensitive : sensitiveInRegistry.has(d.id);
      statuses[i] = 'pending';
      held.push({ row: r.row, assetId: ids[i], reason: matchSensitive ? 'duplicate_of_sensitive' : 'likely_duplicate', match: { id: d.id, name: d.name, status: d.status } });
    } else if (publish && r.input.sensitive) {
      held.push({ row: r.row, assetId: ids[i], reason: 'sensitive', match: null });
    }
  });

  const actorId = actorOf(viewer);
  for (let i = 0; i < records.length; i += WRITE_BATCH) {
    const slice = records.slice(i, i + WRITE_BATCH);
    await insertAssets(trx, partnershipId, actorId, slice.map((r, j) => ({ id: ids[i + j], input: r.input, status: statuses[i + j] })));
    if (source) await addRefs(trx, source, slice.flatMap((r, j) => r.externalIds.map((externalId) => ({ externalId, assetId: ids[i + j] }))));
    onProgress('writing', i + slice.length, records.length);
  }
  return { ids, statuses, held: held.sort((a, b) => a.row - b.row) };
}

/** The first site's point, or null for a record with no new site of its own (online only). */
function pointOf(input: AssetCreateInput): { lat: number; lng: number } | null {
  const s = input.sites[0] as { lat?: number; lng?: number } | undefined;
  return s && typeof s.lat === 'number' && typeof s.lng === 'number' ? { lat: s.lat, lng: s.lng } : null;
}

/** What a held record means, in words for an import report. */
export function heldMessage(h: HeldRecord): string {
  if (h.reason === 'sensitive') return 'is marked sensitive: imported as pending, for a coordinator to confirm before it is published';
  const match = `"${h.match!.name}" (${h.match!.status})`;
  return h.reason === 'duplicate_of_sensitive'
    ? `is likely a duplicate of the sensitive record ${match}: held as pending for review, never published by the import`
    : `is likely a duplicate of ${match}: held as pending for review beside its match`;
}
