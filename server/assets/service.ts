import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import { auditForRecord } from '../audit/repo';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { HttpError, conflict, forbidden, notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import { organisationIsLive } from '../organisations/repo';
import * as read from './repo';
import * as write from './write-repo';
import type { AssetCreateInput, AssetListQuery, AssetUpdateInput } from './schemas';
import { assetView, type AssetView } from './view';

export type DuplicateView = { id: string; name: string; status: string; category: string; similarity: number; distanceMetres: number | null };
export type AssetWriteResult = { asset: AssetView; possibleDuplicates: DuplicateView[]; replayed?: boolean };

const accessOf = (viewer: Viewer): read.LocationAccess => (isPrivileged(viewer) ? 'exact' : 'masked');
const toView = (row: read.AssetRow, viewer: Viewer) => assetView(row, isPrivileged(viewer), isPrivileged(viewer));

/** Which statuses a viewer may list: coordinators/admins any; volunteers their own too; others published only. */
function visibility(viewer: Viewer, requested: string[] | undefined): Pick<read.AssetFilters, 'statuses' | 'unpublishedOnlyIfCreatedBy'> {
  const statuses = requested?.length ? requested : ['published'];
  if (isPrivileged(viewer)) return { statuses };
  if (viewer.user?.role === 'volunteer') return { statuses, unpublishedOnlyIfCreatedBy: viewer.user.id };
  if (statuses.some((s) => s !== 'published')) {
    throw new HttpError(403, 'forbidden', 'Only published assets are open to your role.', [{ field: 'status', message: 'only "published" is allowed for your role' }]);
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
      categories: query.category,
      tags: query.tags,
      whoFor: query.whoFor,
      organisationId: query.organisationId,
      q: query.q,
      bbox: query.bbox,
      near: query.withinMetres !== undefined ? { lat: query.lat!, lng: query.lng!, metres: query.withinMetres } : undefined,
      updatedSince: query.updatedSince,
      peerLed: query.peerLed,
      sensitive: query.sensitive,
      limit: query.limit,
      offset: query.offset,
    },
    accessOf(viewer),
  );
  return rows.map((r) => toView(r, viewer));
}

/** Queues for coordinators: pending (oldest first) or stale (least recently verified first). */
export async function reviewList(knex: Knex, viewer: Viewer, which: 'pending' | 'stale', page: { limit: number; offset: number }): Promise<AssetView[]> {
  const partnership = await currentPartnership(knex);
  const rows = await read.listAssets(
    knex,
    which === 'pending'
      ? { partnershipId: partnership.id, statuses: ['pending'], order: 'oldest_first', ...page }
      : { partnershipId: partnership.id, statuses: ['published'], staleOnly: true, order: 'least_recently_verified', ...page },
    'exact',
  );
  return rows.map((r) => toView(r, viewer));
}

function canSee(viewer: Viewer, row: { status: string; createdBy: string | null }): boolean {
  if (row.status === 'published' || isPrivileged(viewer)) return true;
  return viewer.user?.role === 'volunteer' && row.createdBy === viewer.user.id;
}

export async function getAsset(knex: Knex, viewer: Viewer, id: string): Promise<AssetView> {
  const row = await read.findAsset(knex, id);
  // Records a viewer may not see are "not found", so ids do not reveal unpublished work.
  if (!row || !canSee(viewer, row)) throw notFound('Asset');
  return toView(row, viewer);
}

async function resolveSites(
  trx: Knex.Transaction,
  partnershipId: string,
  sites: AssetCreateInput['sites'],
): Promise<{ siteIds: string[]; points: { lat: number; lng: number }[] }> {
  const wanted = sites.flatMap((s, i) => ('id' in s ? [{ id: s.id, index: i }] : []));
  const found = await write.existingSiteIds(trx, partnershipId, wanted.map((w) => w.id));
  const missing = wanted.filter((w) => !found.has(w.id));
  if (missing.length) {
    throw new HttpError(422, 'invalid_reference', 'A site does not exist.', missing.map((m) => ({ field: `sites.${m.index}.id`, message: 'does not exist' })));
  }
  const siteIds: string[] = [];
  for (const s of sites) {
    siteIds.push('id' in s ? s.id : await write.insertSite(trx, { partnershipId, ...s }));
  }
  const points = (await read.sitePoints(trx, siteIds)).map((p) => ({ lat: p.lat, lng: p.lng }));
  return { siteIds, points };
}

async function checkOrganisation(trx: Knex.Transaction, organisationId: string | null | undefined): Promise<void> {
  if (organisationId && !(await organisationIsLive(trx, organisationId))) {
    throw new HttpError(422, 'invalid_reference', 'That organisation does not exist or is archived.', [{ field: 'organisationId', message: 'does not exist or is archived' }]);
  }
}

function duplicateViews(rows: write.DuplicateRow[], viewer: Viewer): DuplicateView[] {
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    status: d.status,
    category: d.category,
    similarity: Math.round(d.similarity * 100) / 100,
    // How near a sensitive record is would locate it: only coordinators and admins see that.
    distanceMetres: d.sensitive && !isPrivileged(viewer) ? null : Math.round(d.distanceMetres),
  }));
}

export async function createAsset(knex: Knex, viewer: Viewer, input: AssetCreateInput): Promise<AssetWriteResult> {
  if (input.publish && !isPrivileged(viewer)) {
    throw new HttpError(403, 'forbidden', 'Only coordinators and admins publish; your record will be reviewed.', [{ field: 'publish', message: 'not allowed for your role' }]);
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
    const { siteIds, points } = await resolveSites(trx, partnership.id, sites);
    await write.replaceSiteLinks(trx, id, siteIds);
    await write.snapshotVersion(trx, id, actorId);
    const duplicates = points.length ? await write.findDuplicates(trx, { partnershipId: partnership.id, name: fields.name, points, excludeId: id }) : [];
    return { asset: toView((await read.findAsset(trx, id))!, viewer), possibleDuplicates: duplicateViews(duplicates, viewer) };
  });
}

export async function updateAsset(knex: Knex, viewer: Viewer, id: string, input: AssetUpdateInput): Promise<AssetWriteResult> {
  const actorId = actorOf(viewer);
  return writeTransaction(knex, actorId, async (trx) => {
    const current = await write.lockAsset(trx, id);
    if (!current || !canSee(viewer, current)) throw notFound('Asset');
    if (!isPrivileged(viewer) && !(viewer.user?.role === 'volunteer' && current.createdBy === viewer.user.id && current.status === 'pending')) {
      throw forbidden('Volunteers may edit only their own records while they wait for review.');
    }
    const partnership = await currentPartnership(trx);
    const { sites, ...fields } = input;
    if (fields.organisationId !== undefined) await checkOrganisation(trx, fields.organisationId);
    await write.updateAsset(trx, id, write.assetColumnsToRow(fields), actorId);
    let points = (await read.sitePointsOfAsset(trx, id)).map((p) => ({ lat: p.lat, lng: p.lng }));
    if (sites) {
      const resolved = await resolveSites(trx, partnership.id, sites);
      await write.replaceSiteLinks(trx, id, resolved.siteIds);
      points = resolved.points;
    }
    await write.snapshotVersion(trx, id, actorId);
    const row = (await read.findAsset(trx, id))!;
    const duplicates =
      (fields.name !== undefined || sites) && points.length
        ? await write.findDuplicates(trx, { partnershipId: partnership.id, name: row.name, points, excludeId: id })
        : [];
    return { asset: toView(row, viewer), possibleDuplicates: duplicateViews(duplicates, viewer) };
  });
}

export async function checkDuplicates(
  knex: Knex,
  viewer: Viewer,
  args: { name: string; points: { lat: number; lng: number }[]; excludeId?: string },
): Promise<DuplicateView[]> {
  const partnership = await currentPartnership(knex);
  return duplicateViews(await write.findDuplicates(knex, { partnershipId: partnership.id, ...args }), viewer);
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
    changes: (trx) => ({ status: trx.raw(`coalesce(status_before_archive, 'pending')`), status_reason: null, status_before_archive: null }),
  },
};

export async function transitionAsset(knex: Knex, viewer: Viewer, id: string, action: LifecycleAction, reason?: string): Promise<AssetView> {
  const t = TRANSITIONS[action];
  const actorId = actorOf(viewer);
  return writeTransaction(knex, actorId, async (trx) => {
    const current = await write.lockAsset(trx, id);
    if (!current) throw notFound('Asset');
    if (!t.from.includes(current.status)) {
      throw conflict(`An asset that is ${current.status} cannot be ${t.verb}.`, 'status');
    }
    await write.updateAsset(trx, id, t.changes(trx, actorId, reason), actorId, t.from);
    await write.snapshotVersion(trx, id, actorId);
    return toView((await read.findAsset(trx, id))!, viewer);
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
