import type { Knex } from 'knex';
import type { Viewer } from '../../auth/viewer';
import { assetCreateSchema, type AssetCreateInput } from '../../assets/schemas';
import * as assets from '../../assets/service';
import * as read from '../../assets/repo';
import { assetView, type AssetView } from '../../assets/view';
import { createRecords, type HeldRecord } from './bulk-create';
import * as refs from './refs-repo';

/**
 * Bring the registry into line with an outside source, record by record, inside the
 * caller's transaction: create what is new, update what changed (and nothing else, so
 * a re-import of the same source writes nothing), restore what came back, archive what
 * left. Changes go through the asset service, so versions and audit are the same as for a
 * record edited by hand; new records are written together by bulk-create.ts (the same
 * rows, triggers, versions and duplicate rule, and the import rules on what is held back
 * from publication).
 */
/** `provided`: the fields the source speaks for; others (say, a coordinator's `sensitive`) are left as they are. */
/** `row`: where the record sits in the source, for the report (its position from 1 if absent). */
export type Wanted = { externalIds: string[]; input: AssetCreateInput; provided: string[]; row?: number };
export type SyncReport = {
  created: number; updated: number; unchanged: number; restored: number; archived: number;
  assets: { assetId: string; action: 'created' | 'updated' | 'unchanged'; externalIds: string[]; status?: 'pending' | 'published' }[];
  /** New records written as pending instead of published or dropped: sensitive ones, likely duplicates (with their match). */
  held: HeldRecord[];
};

const ARCHIVE_REASON = (kind: string, key: string) => `No longer in the ${kind.replace('_', ' ')} source "${key}"`;

const sameSet = (a: unknown[], b: unknown[]) => JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());
const normSchedule = (s: AssetView['schedule']) => s.map((e) => ({ day: e.day, start: e.start, end: e.end ?? null, note: e.note ?? null }));
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** The fields of `input` that differ from the asset as stored (a patch; empty when nothing changed). */
export function changesOf(current: AssetView, input: AssetCreateInput, provided: string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const { sites, publish: _p, clientRequestId: _c, ...fields } = input;
  for (const [k, v] of Object.entries(fields)) {
    if (!provided.includes(k)) continue;
    const now = k === 'organisationId' ? current.organisation?.id : (current as unknown as Record<string, unknown>)[k];
    const same =
      k === 'schedule' ? JSON.stringify(normSchedule(now as AssetView['schedule'])) === JSON.stringify(normSchedule(v as AssetView['schedule']))
      : Array.isArray(v) ? sameSet(now as unknown[], v)
      : (now ?? null) === (v ?? null);
    if (!same) patch[k] = v;
  }
  // Places compared as a set: sites written by one statement come back in no fixed order.
  const unmatched = [...current.sites];
  const siteSame =
    sites.length === current.sites.length &&
    sites.every((s) => {
      const i = unmatched.findIndex((c) => ('id' in s ? s.id === c.id
        : close(s.lat, c.lat) && close(s.lng, c.lng) && (s.venueName ?? null) === c.venueName && (s.address ?? null) === c.address && (s.postcode ?? null) === c.postcode));
      if (i < 0) return false;
      unmatched.splice(i, 1);
      return true;
    });
  if (provided.includes('sites') && !siteSame) patch.sites = sites;
  return patch;
}

/** `stillInSource`: ids the source still lists though they could not be read this time (never archived for it). */
export async function syncAssets(trx: Knex.Transaction, viewer: Viewer, source: refs.Source, wanted: Wanted[], publish: boolean, stillInSource: string[] = []): Promise<SyncReport> {
  const report: SyncReport = { created: 0, updated: 0, unchanged: 0, restored: 0, archived: 0, assets: [], held: [] };
  const existing = new Map((await refs.refsOf(trx, source)).map((r) => [r.externalId, r.assetId]));
  const seen = new Set<string>(stillInSource);
  const fresh: { row: number; externalIds: string[]; input: AssetCreateInput }[] = [];
  // Every known record read in a few statements, not one per record (a 4,089-service
  // re-import spent 9.5 of its 13.4 s in single reads).
  const knownIds = [...new Set(wanted.flatMap((w) => w.externalIds.map((id) => existing.get(id)).filter((a): a is string => Boolean(a))))];
  const rows = await read.findAssetsByIds(trx, knownIds);
  for (const [index, w] of wanted.entries()) {
    w.externalIds.forEach((id) => seen.add(id));
    const assetId = w.externalIds.map((id) => existing.get(id)).find(Boolean);
    if (!assetId) {
      fresh.push({ row: w.row ?? index + 1, externalIds: w.externalIds, input: assetCreateSchema.parse({ ...w.input, publish: false }) });
      continue;
    }
    const row = rows.get(assetId) ?? (await read.findAsset(trx, assetId))!;
    if (row.status === 'archived' && row.statusReason === ARCHIVE_REASON(source.kind, source.key)) {
      await assets.transitionAsset(trx, viewer, assetId, 'restore');
      report.restored++;
    }
    const patch = changesOf(assetView(row, true, true), w.input, w.provided);
    if (Object.keys(patch).length) await assets.updateAsset(trx, viewer, assetId, patch as never);
    rows.delete(assetId); // changed (or restored) now: a second record of the same asset reads it afresh
    const newIds = w.externalIds.filter((id) => !existing.has(id));
    const movedIds = w.externalIds.filter((id) => existing.has(id) && existing.get(id) !== assetId);
    await refs.addRefs(trx, source, newIds.map((externalId) => ({ externalId, assetId })));
    await refs.moveRefs(trx, source, movedIds, assetId);
    const action = Object.keys(patch).length ? 'updated' : 'unchanged';
    report[action]++;
    report.assets.push({ assetId, action, externalIds: w.externalIds });
  }
  if (fresh.length) {
    const made = await createRecords(trx, viewer, source.partnershipId, source, fresh, publish);
    fresh.forEach((f, i) => report.assets.push({ assetId: made.ids[i], action: 'created', externalIds: f.externalIds, status: made.statuses[i] }));
    report.created = fresh.length;
    report.held = made.held;
  }
  // A record that left: if its asset still has records in the source, the link goes; if
  // not, the asset is archived and keeps its links, so the record coming back restores it.
  const gone = [...existing.entries()].filter(([id]) => !seen.has(id));
  const stillReferenced = new Set(report.assets.map((a) => a.assetId));
  await refs.removeRefs(trx, source, gone.filter(([, a]) => stillReferenced.has(a)).map(([id]) => id));
  for (const assetId of new Set(gone.map(([, a]) => a))) {
    if (stillReferenced.has(assetId)) continue;
    const row = await read.findAsset(trx, assetId);
    if (row && row.status !== 'archived') {
      await assets.transitionAsset(trx, viewer, assetId, 'archive', ARCHIVE_REASON(source.kind, source.key));
      report.archived++;
    }
  }
  return report;
}
