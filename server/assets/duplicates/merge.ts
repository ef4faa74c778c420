import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../../audit/transaction';
import type { Viewer } from '../../auth/viewer';
import { conflict, httpError, notFound } from '../../http/errors';
import * as read from '../repo';
import * as write from '../write-repo';
import { toView } from '../service';
import type { AssetView } from '../view';

/** Fields the survivor takes from the merged record when it has none of its own. */
const FILLABLE = ['description', 'organisationId', 'phone', 'email', 'website', 'scheduleNotes', 'learnedFrom', 'commissioning', 'participationLevel', 'cost', 'costNotes'] as const;

/** The survivor's empty fields filled from the other record (its own values always win). */
export function fillFrom(survivor: read.AssetRow, merged: read.AssetRow): write.AssetColumns {
  const fill: Record<string, unknown> = {};
  for (const f of FILLABLE) if ((survivor[f] ?? null) === null && merged[f] !== null) fill[f] = merged[f];
  if (!survivor.schedule.length && merged.schedule.length) fill.schedule = merged.schedule;
  // Sensitivity is never lost in a merge: if either record protects the place, the survivor does.
  if (merged.sensitive && !survivor.sensitive) fill.sensitive = true;
  return fill as write.AssetColumns;
}

/**
 * Merge record `mergedId` into `survivorId`. The survivor keeps its id, fields and sites,
 * filling its gaps from the other; the merged record is archived with `merged_into` set
 * (its row, versions and audit trail stay) and reads of its id answer with the survivor.
 * Restoring the merged record undoes the merge. Both changes are audited by the trigger.
 */
export async function mergeAssets(
  knex: Knex,
  viewer: Viewer,
  mergedId: string,
  survivorId: string,
  reason?: string,
): Promise<{ asset: AssetView; merged: AssetView }> {
  if (mergedId === survivorId) {
    throw httpError('invalid_reference', 'A record cannot be merged into itself.', [{ field: 'survivorId', message: 'must be another record' }]);
  }
  const actorId = actorOf(viewer);
  return writeTransaction(knex, actorId, async (trx) => {
    const lockedMerged = await write.lockAsset(trx, mergedId);
    if (!lockedMerged) throw notFound('Asset');
    const lockedSurvivor = await write.lockAsset(trx, survivorId);
    if (!lockedSurvivor) {
      throw httpError('invalid_reference', 'The record to keep does not exist.', [{ field: 'survivorId', message: 'does not exist' }]);
    }
    const merged = (await read.findAsset(trx, mergedId))!;
    const survivor = (await read.findAsset(trx, survivorId))!;
    if (merged.mergedInto) throw conflict('This record was already merged into another.', 'id');
    if (survivor.mergedInto || survivor.status === 'archived') throw conflict('The record to keep is archived or merged; restore it first.', 'survivorId');
    const fill = fillFrom(survivor, merged);
    if (Object.keys(fill).length) {
      await write.updateAsset(trx, survivorId, write.assetColumnsToRow(fill), actorId);
      await write.snapshotVersion(trx, survivorId, actorId);
    }
    await write.updateAsset(trx, mergedId, {
      status: 'archived',
      status_before_archive: merged.status,
      status_reason: reason || `Merged into "${survivor.name}"`,
      merged_into: survivorId,
    }, actorId);
    await write.snapshotVersion(trx, mergedId, actorId);
    return { asset: toView((await read.findAsset(trx, survivorId))!, viewer), merged: toView((await read.findAsset(trx, mergedId))!, viewer) };
  });
}
