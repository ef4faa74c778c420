import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import { auditForRecord } from '../audit/repo';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { conflict, forbidden, httpError, notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import { organisationIsLive } from '../organisations/repo';
import * as read from './repo';
import * as write from './write-repo';
import { listFiltersOf, type AssetCreateInput, type AssetListQuery, type AssetUpdateInput, type DuplicateCheckInput } from './schemas';
import { assetView, type AssetView } from './view';
import { accessOf, duplicatesFor, type DuplicateView } from './duplicates/service';

export type { DuplicateView } from './duplicates/service';
export type AssetWriteResult = { asset: AssetView; possibleDuplicates: DuplicateView[]; replayed?: boolean; warnings?: ReviewWarning[] };
export type ReviewWarning = { code: 'place_was_public'; message: string; siteIds: string[] };

/** Sites that were shown exactly (with another published record) before a change: see maskingWarnings. */
async function exactlyShownBefore(trx: Knex.Transaction, assetId: string, extraSiteIds: string[] = []): Promise<string[]> {
  const ids = [...new Set([...(await read.siteIdsOfAsset(trx, assetId)), ...extraSiteIds])];
  return read.exactlyShownSites(trx, ids, assetId);
}

/**
 * A sensitive record published (or marked sensitive) at a place already shown exactly:
 * the place is masked from now on, but anyone who looked before may know where it is.
 */
async function maskingWarnings(trx: Knex.Transaction, assetId: string, shownBefore: string[]): Promise<ReviewWarning[]> {
  const nowMasked = await read.sensitiveSitesOfAsset(trx, shownBefore, assetId);
  if (!nowMasked.length) return [];
  return [{
    code: 'place_was_public',
    message: 'This place was already public at its exact address through other published records. It is masked from now on, but anyone who saw it before may still know where it is: consider whether those records should stay at the same place.',
    siteIds: nowMasked,
  }];
}
/** What the duplicate check compares besides the name and place. */
const probeOf = (r: { name: string; category?: string | null; phone?: string | null; email?: string | null; website?: string | null; organisationId?: string | null; schedule?: { day: number }[] | null }) =>
  ({ name: r.name, category: r.category, phone: r.phone, email: r.email, website: r.website, organisationId: r.organisationId, schedule: r.schedule });
export const toView = (row: read.AssetRow, viewer: Viewer) => assetView(row, isPrivileged(viewer), isPrivileged(viewer));

/** Which statuses a viewer may list: coordinators/admins any; volunteers their own too; others published only. */
function visibility(viewer: Viewer, requested: string[] | undefined): Pick<read.AssetFilters, 'statuses' | 'unpublishedOnlyIfCreatedBy'> {
  const statuses = requested?.length ? requested : ['published'];
  if (isPrivileged(viewer)) return { statuses };
  if (viewer.user?.role === 'volunteer') return { statuses, unpublishedOnlyIfCreatedBy: viewer.user.id };
  if (statuses.some((s) => s !== 'published')) {
    throw httpError('forbidden', 'Only published assets are open to your role.', [{ field: 'status', message: 'only "published" is allowed for your role' }]);
  }
  return { statuses };
}

export async function listAssets(knex: Knex, viewer: Viewer, query: AssetListQuery): Promise<AssetView[]> {
  const partnership = await currentPartnership(knex);
  const rows = await read.listAssets(
    knex,
    {
      partnershipId: partnership.id,
      ...visibility(viewer, query.status),
      ...listFiltersOf(query),
    },
    accessOf(viewer),
  );
  return rows.map((r) => toView(r, viewer));
}

export type QueueFilters = { limit: number; offset: number; category?: string[]; area?: string; submitter?: string };

/** Queues for coordinators: pending (oldest first) or stale (least recently verified first), filtered. */
export async function reviewList(knex: Knex, viewer: Viewer, which: 'pending' | 'stale', page: QueueFilters): Promise<AssetView[]> {
  const partnership = await currentPartnership(knex);
  const filters = { limit: page.limit, offset: page.offset, categories: page.category, outwardCode: page.area, createdBy: page.submitter };
  const rows = await read.listAssets(
    knex,
    which === 'pending'
      ? { partnershipId: partnership.id, statuses: ['pending'], order: 'oldest_first', ...filters }
      : { partnershipId: partnership.id, statuses: ['published'], staleOnly: true, order: 'least_recently_verified', ...filters },
    'exact',
  );
  return rows.map((r) => toView(r, viewer));
}

/** My records: what the signed-in user sent, any status, most recently changed first. */
export async function myAssets(knex: Knex, viewer: Viewer, page: { limit: number; offset: number }): Promise<AssetView[]> {
  const partnership = await currentPartnership(knex);
  const rows = await read.listAssets(
    knex,
    { partnershipId: partnership.id, statuses: ['pending', 'rejected', 'published', 'archived'], createdBy: viewer.user!.id, order: 'newest_first', ...page },
    accessOf(viewer),
  );
  return rows.map((r) => toView(r, viewer));
}

export function canSee(viewer: Viewer, row: { status: string; createdBy: string | null }): boolean {
  if (row.status === 'published' || isPrivileged(viewer)) return true;
  return viewer.user?.role === 'volunteer' && row.createdBy === viewer.user.id;
}

export async function getAsset(knex: Knex, viewer: Viewer, id: string): Promise<AssetView & { mergedFrom?: string }> {
  const row = await read.findAsset(knex, id);
  // Records a viewer may not see are "not found", so ids do not reveal unpublished work.
  if (row?.mergedInto) {
    // A merged record answers with its survivor (the same thing, now under one id).
    const survivor = await read.findAsset(knex, row.mergedInto);
    if (survivor && canSee(viewer, survivor)) return { ...toView(survivor, viewer), mergedFrom: id };
  }
  if (!row || !canSee(viewer, row)) throw notFound('Asset');
  return toView(row, viewer);
}

async function resolveSites(
  trx: Knex.Transaction,
  viewer: Viewer,
  partnershipId: string,
  sites: AssetCreateInput['sites'],
  alreadyLinked: string[] = [],
): Promise<{ siteIds: string[]; points: { lat: number; lng: number }[] }> {
  const wanted = sites.flatMap((s, i) => ('id' in s ? [{ id: s.id, index: i }] : []));
  const ids = wanted.map((w) => w.id);
  // Volunteers may not link to a sensitive place (they cannot know where it is): it is
  // answered exactly as a site that does not exist, so the answer reveals nothing. Keeping
  // a link their record already has (the place became sensitive since) tells them nothing new.
  const found = isPrivileged(viewer)
    ? await write.existingSiteIds(trx, partnershipId, ids)
    : await read.linkableSiteIds(trx, partnershipId, ids, viewer.user?.id ?? '00000000-0000-0000-0000-000000000000');
  for (const id of ids) if (alreadyLinked.includes(id)) found.add(id);
  const missing = wanted.filter((w) => !found.has(w.id));
  if (missing.length) {
    throw httpError('invalid_reference', 'A site does not exist.', missing.map((m) => ({ field: `sites.${m.index}.id`, message: 'does not exist' })));
  }
  const siteIds: string[] = [];
  for (const s of sites) {
    siteIds.push('id' in s ? s.id : await write.insertSite(trx, { partnershipId, ...s }));
  }
  const points = (await read.sitePoints(trx, siteIds, accessOf(viewer))).map((p) => ({ lat: p.lat, lng: p.lng }));
  return { siteIds, points };
}

async function checkOrganisation(trx: Knex.Transaction, organisationId: string | null | undefined): Promise<void> {
  if (organisationId && !(await organisationIsLive(trx, organisationId))) {
    throw httpError('invalid_reference', 'That organisation does not exist or is archived.', [{ field: 'organisationId', message: 'does not exist or is archived' }]);
  }
}

export async function createAsset(knex: Knex, viewer: Viewer, input: AssetCreateInput): Promise<AssetWriteResult> {
  if (input.publish && !isPrivileged(viewer)) {
    throw httpError('forbidden', 'Only coordinators and admins publish; your record will be reviewed.', [{ field: 'publish', message: 'not allowed for your role' }]);
  }
  const { publish, sites, clientRequestId, ...fields } = input;
  const actorId = actorOf(viewer);
  return writeTransaction(knex, actorId, async (trx) => {
    if (clientRequestId && actorId) {
      const existing = await write.findByClientRequest(trx, actorId, clientRequestId);
      if (existing) return { asset: toView((await read.findAsset(trx, existing))!, viewer), possibleDuplicates: [], replayed: true };
    }
    const partnership = await currentPartnership(trx);
    await checkOrganisation(trx, fields.organisationId);
    const id = await write.insertAsset(trx, {
      ...fields,
      partnershipId: partnership.id,
      status: publish ? 'published' : 'pending',
      createdBy: actorId,
      published: publish,
      clientRequestId,
    });
    const { siteIds, points } = await resolveSites(trx, viewer, partnership.id, sites);
    await write.replaceSiteLinks(trx, id, siteIds);
    await write.snapshotVersion(trx, id, actorId);
    const possibleDuplicates = await duplicatesFor(trx, viewer, { ...probeOf(fields), partnershipId: partnership.id, points, excludeId: id });
    return { asset: toView((await read.findAsset(trx, id))!, viewer), possibleDuplicates };
  });
}

export async function updateAsset(knex: Knex, viewer: Viewer, id: string, input: AssetUpdateInput): Promise<AssetWriteResult> {
  const actorId = actorOf(viewer);
  return writeTransaction(knex, actorId, async (trx) => {
    const current = await write.lockAsset(trx, id);
    if (!current || !canSee(viewer, current)) throw notFound('Asset');
    const ownDraft = viewer.user?.role === 'volunteer' && current.createdBy === viewer.user.id && ['pending', 'rejected'].includes(current.status);
    if (!isPrivileged(viewer) && !ownDraft) {
      throw forbidden('Volunteers may edit only their own records while they wait for review, or after they were rejected.');
    }
    const partnership = await currentPartnership(trx);
    const { sites, ...fields } = input;
    if (fields.organisationId !== undefined) await checkOrganisation(trx, fields.organisationId);
    const shownBefore = isPrivileged(viewer) ? await exactlyShownBefore(trx, id, (sites ?? []).flatMap((s) => ('id' in s ? [s.id] : []))) : [];
    // A volunteer fixing a rejected record sends it back for review.
    const resend = !isPrivileged(viewer) && current.status === 'rejected' ? { status: 'pending', status_reason: null } : {};
    await write.updateAsset(trx, id, { ...write.assetColumnsToRow(fields), ...resend }, actorId);
    const linked = await read.sitePointsOfAsset(trx, id, accessOf(viewer));
    let points = linked.map((p) => ({ lat: p.lat, lng: p.lng }));
    if (sites) {
      const resolved = await resolveSites(trx, viewer, partnership.id, sites, linked.map((p) => p.id));
      await write.replaceSiteLinks(trx, id, resolved.siteIds);
      points = resolved.points;
    }
    await write.snapshotVersion(trx, id, actorId);
    const row = (await read.findAsset(trx, id))!;
    const possibleDuplicates =
      fields.name !== undefined || sites ? await duplicatesFor(trx, viewer, { ...probeOf(row), partnershipId: partnership.id, points, excludeId: id }) : [];
    const warnings = await maskingWarnings(trx, id, shownBefore);
    return { asset: toView(row, viewer), possibleDuplicates, ...(warnings.length ? { warnings } : {}) };
  });
}

export async function checkDuplicates(knex: Knex, viewer: Viewer, args: DuplicateCheckInput): Promise<DuplicateView[]> {
  const partnership = await currentPartnership(knex);
  return duplicatesFor(knex, viewer, { partnershipId: partnership.id, ...args });
}

type Transition = { from: string[]; changes: (trx: Knex.Transaction, actorId: string | null, reason?: string) => Record<string, unknown>; verb: string };

/** The review lifecycle: pending → published | rejected; any → archived → back to where it was. */
export type LifecycleAction = 'publish' | 'reject' | 'verify' | 'archive' | 'restore';
const TRANSITIONS: Record<LifecycleAction, Transition> = {
  publish: {
    from: ['pending', 'rejected'],
    verb: 'published',
    changes: (trx, actor) => ({ status: 'published', status_reason: null, published_at: trx.fn.now(), last_verified_at: trx.fn.now(), last_verified_by: actor }),
  },
  reject: { from: ['pending'], verb: 'rejected', changes: (_trx, _actor, reason) => ({ status: 'rejected', status_reason: reason }) },
  verify: { from: ['published'], verb: 'verified', changes: (trx, actor) => ({ last_verified_at: trx.fn.now(), last_verified_by: actor }) },
  archive: {
    from: ['pending', 'published', 'rejected'],
    verb: 'archived',
    changes: (trx, _actor, reason) => ({ status: 'archived', status_reason: reason ?? null, status_before_archive: trx.ref('status') }),
  },
  restore: {
    from: ['archived'],
    verb: 'restored',
    // Restoring a merged record undoes the merge: it stands on its own again.
    changes: (trx) => ({ status: trx.raw(`coalesce(status_before_archive, 'pending')`), status_reason: null, status_before_archive: null, merged_into: null }),
  },
};

export async function transitionAsset(
  knex: Knex,
  viewer: Viewer,
  id: string,
  action: LifecycleAction,
  reason?: string,
): Promise<{ asset: AssetView; warnings?: ReviewWarning[] }> {
  const t = TRANSITIONS[action];
  const actorId = actorOf(viewer);
  return writeTransaction(knex, actorId, async (trx) => {
    const current = await write.lockAsset(trx, id);
    if (!current) throw notFound('Asset');
    if (!t.from.includes(current.status)) {
      throw conflict(`An asset that is ${current.status} cannot be ${t.verb}.`, 'status');
    }
    const shownBefore = await exactlyShownBefore(trx, id);
    await write.updateAsset(trx, id, t.changes(trx, actorId, reason), actorId, t.from);
    await write.snapshotVersion(trx, id, actorId);
    const warnings = await maskingWarnings(trx, id, shownBefore);
    return { asset: toView((await read.findAsset(trx, id))!, viewer), ...(warnings.length ? { warnings } : {}) };
  });
}

export async function assetHistory(knex: Knex, id: string) {
  if (!(await read.findAsset(knex, id))) throw notFound('Asset');
  const siteIds = await write.siteIdsEverLinked(knex, id);
  return auditForRecord(knex, 'asset', id, [
    { table: 'asset_site', rowIds: [], rowPrefix: `${id}:` },
    { table: 'site', rowIds: siteIds },
  ]);
}
