import type { Knex } from 'knex';
import { toColumns } from '../db/columns';

export type OrganisationRow = {
  id: string;
  name: string;
  kind: string;
  description: string | null;
  website: string | null;
  registrationNumber: string | null;
  leroStage: string | null;
  cleroMember: boolean | null;
  localAuthoritiesServed: string[];
  commissioningRoute: string | null;
  status: OrganisationStatus;
  statusReason: string | null;
  createdBy: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type OrganisationStatus = 'pending' | 'published' | 'rejected';

export type OrganisationColumns = Partial<Omit<OrganisationRow, 'id' | 'status' | 'statusReason' | 'createdBy' | 'archivedAt' | 'createdAt' | 'updatedAt'>>;

const COLUMNS = [
  'id', 'name', 'kind', 'description', 'website', 'registration_number as registrationNumber', 'lero_stage as leroStage',
  'clero_member as cleroMember', 'local_authorities_served as localAuthoritiesServed', 'commissioning_route as commissioningRoute',
  'status', 'status_reason as statusReason', 'created_by as createdBy',
  'archived_at as archivedAt', 'created_at as createdAt', 'updated_at as updatedAt',
];

const COLUMN_OF: Record<keyof OrganisationColumns, string> = {
  name: 'name',
  kind: 'kind',
  description: 'description',
  website: 'website',
  registrationNumber: 'registration_number',
  leroStage: 'lero_stage',
  cleroMember: 'clero_member',
  localAuthoritiesServed: 'local_authorities_served',
  commissioningRoute: 'commissioning_route',
};

const toRow = (values: OrganisationColumns) => toColumns(values, COLUMN_OF);

export async function listOrganisations(
  knex: Knex,
  f: {
    partnershipId: string;
    statuses: OrganisationStatus[];
    /** Volunteers: unpublished organisations only if they recorded them. */
    unpublishedOnlyIfCreatedBy?: string;
    q?: string;
    kinds?: string[];
    includeArchived: boolean;
    limit: number;
    offset: number;
  },
): Promise<OrganisationRow[]> {
  const q = knex('organisation').select(COLUMNS).where('partnership_id', f.partnershipId).whereIn('status', f.statuses);
  const me = f.unpublishedOnlyIfCreatedBy;
  if (me) q.where((w) => w.where('status', 'published').orWhere('created_by', me));
  if (!f.includeArchived) q.whereNull('archived_at');
  if (f.kinds?.length) q.whereIn('kind', f.kinds);
  const text = f.q;
  if (text) {
    q.where((w) => w.whereILike('name', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`).orWhere(knex.raw('name % ?', [text])));
    q.orderByRaw('similarity(name, ?) DESC', [text]);
  }
  return q.orderBy('name').orderBy('id').limit(f.limit).offset(f.offset);
}

export const findOrganisation = (knex: Knex, id: string): Promise<OrganisationRow | undefined> =>
  knex('organisation').select(COLUMNS).where({ id }).first();

export const lockOrganisation = (trx: Knex.Transaction, id: string): Promise<OrganisationRow | undefined> =>
  trx('organisation').select(COLUMNS).where({ id }).forUpdate().first();

export async function organisationIsLive(knex: Knex, id: string): Promise<boolean> {
  return Boolean(await knex('organisation').where({ id }).whereNull('archived_at').first('id'));
}

export async function insertOrganisation(
  trx: Knex.Transaction,
  partnershipId: string,
  values: OrganisationColumns,
  createdBy: string | null,
  status: OrganisationStatus,
): Promise<OrganisationRow> {
  const [row] = await trx('organisation').insert({ ...toRow(values), partnership_id: partnershipId, created_by: createdBy, status }).returning(COLUMNS);
  return row;
}

export async function updateOrganisation(
  trx: Knex.Transaction,
  id: string,
  values: OrganisationColumns | { archived: boolean } | { status: OrganisationStatus; statusReason: string | null },
): Promise<OrganisationRow | undefined> {
  const changes =
    'archived' in values ? { archived_at: values.archived ? trx.fn.now() : null }
    : 'status' in values ? { status: values.status, status_reason: values.statusReason }
    : toRow(values);
  const [row] = await trx('organisation').where({ id }).update({ ...changes, updated_at: trx.fn.now() }).returning(COLUMNS);
  return row;
}

export const liveAssetCount = async (knex: Knex, organisationId: string): Promise<number> =>
  Number((await knex('asset').where({ organisation_id: organisationId }).whereIn('status', ['pending', 'published']).count('* as n').first())?.n ?? 0);
