import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import { auditForRecord } from '../audit/repo';
import type { Viewer } from '../auth/viewer';
import { conflict, notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import * as repo from './repo';
import type { OrganisationCreateInput, OrganisationUpdateInput } from './schemas';

export async function listOrganisations(knex: Knex, q: { q?: string; kind?: string[]; includeArchived: boolean; limit: number; offset: number }) {
  const partnership = await currentPartnership(knex);
  return repo.listOrganisations(knex, { partnershipId: partnership.id, q: q.q, kinds: q.kind, includeArchived: q.includeArchived, limit: q.limit, offset: q.offset });
}

export async function getOrganisation(knex: Knex, id: string) {
  const row = await repo.findOrganisation(knex, id);
  if (!row) throw notFound('Organisation');
  return row;
}

export async function createOrganisation(knex: Knex, viewer: Viewer, input: OrganisationCreateInput) {
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    const partnership = await currentPartnership(trx);
    return repo.insertOrganisation(trx, partnership.id, input, actorOf(viewer));
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

export async function organisationHistory(knex: Knex, id: string) {
  await getOrganisation(knex, id);
  return auditForRecord(knex, 'organisation', id);
}
