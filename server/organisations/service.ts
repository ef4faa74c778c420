import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import { auditForRecord } from '../audit/repo';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { conflict, httpError, notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import * as repo from './repo';
import type { OrganisationCreateInput, OrganisationUpdateInput } from './schemas';

type ListQuery = { q?: string; kind?: string[]; status?: repo.OrganisationStatus[]; includeArchived: boolean; limit: number; offset: number };

const refused = (field: string, message: string, why: string) => httpError('forbidden', why, [{ field, message }]);

/** Which organisations a viewer may list: as for assets, volunteers also see what they recorded. */
function visibility(viewer: Viewer, q: ListQuery) {
  const statuses = q.status?.length ? q.status : ['published' as const];
  if (isPrivileged(viewer)) return { statuses };
  if (q.includeArchived) throw refused('query.includeArchived', 'only coordinators and admins may list archived organisations', 'Archived organisations are open to coordinators and admins only.');
  // A volunteer's own pending organisations are listed by default, so the capture form can offer them.
  if (viewer.user?.role === 'volunteer') return { statuses: q.status?.length ? q.status : ['published' as const, 'pending' as const], unpublishedOnlyIfCreatedBy: viewer.user.id };
  if (statuses.some((s) => s !== 'published')) throw refused('query.status', 'only "published" is allowed for your role', 'Only published organisations are open to your role.');
  return { statuses };
}

export async function listOrganisations(knex: Knex, viewer: Viewer, q: ListQuery) {
  const { statuses, unpublishedOnlyIfCreatedBy } = visibility(viewer, q);
  const partnership = await currentPartnership(knex);
  return repo.listOrganisations(knex, {
    partnershipId: partnership.id, statuses, unpublishedOnlyIfCreatedBy, q: q.q, kinds: q.kind, includeArchived: q.includeArchived, limit: q.limit, offset: q.offset,
  });
}

function canSee(viewer: Viewer, row: repo.OrganisationRow): boolean {
  if (isPrivileged(viewer)) return true;
  if (row.status === 'published') return true;
  return viewer.user?.role === 'volunteer' && row.createdBy === viewer.user.id;
}

export async function getOrganisation(knex: Knex, viewer: Viewer, id: string) {
  const row = await repo.findOrganisation(knex, id);
  // Unpublished organisations are "not found" to those who may not see them.
  if (!row || !canSee(viewer, row)) throw notFound('Organisation');
  return row;
}

/** Coordinators' and admins' records are published at once; volunteers' wait for review. */
export async function createOrganisation(knex: Knex, viewer: Viewer, input: OrganisationCreateInput) {
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    const partnership = await currentPartnership(trx);
    return repo.insertOrganisation(trx, partnership.id, input, actorOf(viewer), isPrivileged(viewer) ? 'published' : 'pending');
  });
}

export async function updateOrganisation(knex: Knex, viewer: Viewer, id: string, input: OrganisationUpdateInput) {
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    const current = await repo.findOrganisation(trx, id);
    if (!current) throw notFound('Organisation');
    const kind = input.kind ?? current.kind;
    // Changing a LERO into another kind clears the LERO-only facts rather than leaving them dangling.
    const values = kind === 'lero' ? input : { ...input, leroStage: null, cleroMember: null };
    return (await repo.updateOrganisation(trx, id, values))!;
  });
}

export async function setArchived(knex: Knex, viewer: Viewer, id: string, archived: boolean) {
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    const current = await repo.findOrganisation(trx, id);
    if (!current) throw notFound('Organisation');
    if (archived && current.archivedAt) throw conflict('The organisation is already archived.', 'archivedAt');
    if (!archived && !current.archivedAt) throw conflict('The organisation is not archived.', 'archivedAt');
    if (archived) {
      const live = await repo.liveAssetCount(trx, id);
      if (live > 0) throw conflict(`The organisation still runs ${live} live asset(s); move or archive them first.`, 'id');
    }
    return (await repo.updateOrganisation(trx, id, { archived }))!;
  });
}

/** Review: pending or rejected → published; pending → rejected (with a reason). */
export async function reviewOrganisation(knex: Knex, viewer: Viewer, id: string, action: 'publish' | 'reject', reason?: string) {
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    const current = await repo.lockOrganisation(trx, id);
    if (!current) throw notFound('Organisation');
    const from = action === 'publish' ? ['pending', 'rejected'] : ['pending'];
    if (!from.includes(current.status)) {
      throw conflict(`An organisation that is ${current.status} cannot be ${action === 'publish' ? 'published' : 'rejected'}.`, 'status');
    }
    const change = action === 'publish' ? { status: 'published' as const, statusReason: null } : { status: 'rejected' as const, statusReason: reason ?? null };
    return (await repo.updateOrganisation(trx, id, change))!;
  });
}

export async function organisationHistory(knex: Knex, viewer: Viewer, id: string) {
  await getOrganisation(knex, viewer, id);
  return auditForRecord(knex, 'organisation', id);
}
