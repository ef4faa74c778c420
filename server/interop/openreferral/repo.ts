import type { Knex } from 'knex';
import { listAssetsQuery, type AssetFilters, type AssetRow, type LocationAccess } from '../../assets/repo';
import type { OrganisationRow } from '../../organisations/repo';

/**
 * Reads for the Open Referral API. Filters are the asset registry's own (same SQL, same
 * masked geometry for viewers who may not see sensitive places), reused through
 * listAssetsQuery so the two APIs can never disagree about what matches.
 */
/** ORUK's session filters: a weekly session on `day` (0 = Sunday), starting at or after `startFrom`, ending at or before `endBy`. */
export type SessionFilter = { day?: number; startFrom?: string; endBy?: string };
export type PublishedFilters = Omit<AssetFilters, 'statuses' | 'limit' | 'offset'> & { sessions?: SessionFilter };

const published = ({ sessions: _s, ...f }: PublishedFilters, page: { limit: number; offset: number }): AssetFilters => ({ ...f, statuses: ['published'], ...page });

/** Keep assets with at least one session matching every part of the filter (values bound, never pasted). */
function withSessions(q: Knex.QueryBuilder, s: SessionFilter | undefined): Knex.QueryBuilder {
  if (!s || (s.day === undefined && !s.startFrom && !s.endBy)) return q;
  const parts: string[] = [];
  const values: unknown[] = [];
  if (s.day !== undefined) parts.push(`(e->>'day')::int = ?`) && values.push(s.day);
  if (s.startFrom) parts.push(`e->>'start' >= ?`) && values.push(s.startFrom);
  if (s.endBy) parts.push(`e->>'end' IS NOT NULL AND e->>'end' <> '' AND e->>'end' <= ?`) && values.push(s.endBy);
  return q.whereRaw(`EXISTS (SELECT 1 FROM jsonb_array_elements(a.schedule) AS e WHERE ${parts.join(' AND ')})`, values as never[]);
}

/** The ids of matching assets, as a subquery. */
export function matchingAssetIds(knex: Knex, f: PublishedFilters, access: LocationAccess): Knex.QueryBuilder {
  return withSessions(listAssetsQuery(knex, published(f, { limit: 1, offset: 0 }), access), f.sessions)
    .clearSelect()
    .clearOrder()
    .clear('limit')
    .clear('offset')
    .select('a.id');
}

const countOf = async (q: Knex.QueryBuilder): Promise<number> => Number((await q)[0].n);

export async function countAssets(knex: Knex, f: PublishedFilters, access: LocationAccess): Promise<number> {
  return countOf(knex.from(matchingAssetIds(knex, f, access).as('m')).count('* as n'));
}

export async function listAssets(knex: Knex, f: PublishedFilters, access: LocationAccess, page: { limit: number; offset: number }): Promise<AssetRow[]> {
  return withSessions(listAssetsQuery(knex, published(f, page), access), f.sessions);
}

export async function assetsByIds(knex: Knex, partnershipId: string, ids: string[], access: LocationAccess): Promise<AssetRow[]> {
  if (!ids.length) return [];
  return listAssetsQuery(knex, published({ partnershipId }, { limit: ids.length, offset: 0 }), access).whereIn('a.id', ids);
}

/** A service at a location: one (asset, site) link of a published asset. */
export type PairRow = { assetId: string; siteId: string };

function pairsQuery(knex: Knex, f: PublishedFilters, access: LocationAccess): Knex.QueryBuilder {
  const geom = access === 'exact' ? 's.geom' : 's.geom_public';
  const q = knex('asset_site as x')
    .join('asset as a', 'a.id', 'x.asset_id')
    .join('site as s', 's.id', 'x.site_id')
    .whereIn('x.asset_id', matchingAssetIds(knex, f, access));
  // The asset filter keeps assets with any site near; a pair must itself be near.
  if (f.near) {
    const point = knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography', [f.near.lng, f.near.lat]);
    q.where(knex.raw(`ST_DWithin(${geom}::geography, ?, ?)`, [point, f.near.metres]));
    q.select(knex.raw(`ST_Distance(${geom}::geography, ?) AS "distanceMetres"`, [point]));
  }
  return q;
}

export async function countPairs(knex: Knex, f: PublishedFilters, access: LocationAccess): Promise<number> {
  return countOf(knex.from(pairsQuery(knex, f, access).select('x.asset_id').as('m')).count('* as n'));
}

export async function listPairs(knex: Knex, f: PublishedFilters, access: LocationAccess, page: { limit: number; offset: number }): Promise<PairRow[]> {
  const q = pairsQuery(knex, f, access).select('x.asset_id as assetId', 'x.site_id as siteId');
  if (f.near) q.orderBy('distanceMetres', 'asc');
  return q.orderBy('a.name').orderBy('a.id').orderBy('s.id').limit(page.limit).offset(page.offset);
}

/**
 * The published link whose service_at_location id (ids.ts serviceAtLocationId, a UUIDv3)
 * is `id`: the same MD5 name-based UUID computed in SQL, so no id table is needed.
 */
export async function findPair(knex: Knex, namespace: string, id: string, partnershipId: string): Promise<PairRow | undefined> {
  const { rows } = await knex.raw(
    `SELECT p.asset_id AS "assetId", p.site_id AS "siteId" FROM (
       SELECT x.asset_id, x.site_id,
              md5(decode(?, 'hex') || convert_to('service_at_location:' || x.asset_id || ':' || x.site_id, 'UTF8')) AS h
       FROM asset_site x JOIN asset a ON a.id = x.asset_id
       WHERE a.partnership_id = ? AND a.status = 'published') p
     WHERE substr(p.h, 1, 8) || '-' || substr(p.h, 9, 4) || '-3' || substr(p.h, 14, 3) || '-'
           || substr('89ab89ab89ab89ab', position(substr(p.h, 17, 1) in '0123456789abcdef'), 1) || substr(p.h, 18, 3) || '-' || substr(p.h, 21, 12) = ?`,
    [namespace.replace(/-/g, ''), partnershipId, id.toLowerCase()],
  );
  return rows[0];
}

const ORGANISATION_COLUMNS = [
  'id', 'name', 'kind', 'description', 'website', 'registration_number as registrationNumber', 'lero_stage as leroStage',
  'clero_member as cleroMember', 'local_authorities_served as localAuthoritiesServed', 'commissioning_route as commissioningRoute',
  'archived_at as archivedAt', 'created_at as createdAt', 'updated_at as updatedAt',
];

function organisationsQuery(knex: Knex, partnershipId: string, search?: string): Knex.QueryBuilder {
  // Only reviewed organisations are published; a volunteer's pending one is not.
  const q = knex('organisation').where({ partnership_id: partnershipId, status: 'published' }).whereNull('archived_at');
  if (search) q.where((w) => w.whereILike('name', `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`).orWhereILike('description', `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return q;
}

export async function countOrganisations(knex: Knex, partnershipId: string, search?: string): Promise<number> {
  return countOf(organisationsQuery(knex, partnershipId, search).count('* as n'));
}

export async function listOrganisations(knex: Knex, partnershipId: string, search: string | undefined, page: { limit: number; offset: number }): Promise<OrganisationRow[]> {
  return organisationsQuery(knex, partnershipId, search).select(ORGANISATION_COLUMNS).orderBy('name').orderBy('id').limit(page.limit).offset(page.offset);
}

export async function organisationsByIds(knex: Knex, ids: string[]): Promise<OrganisationRow[]> {
  if (!ids.length) return [];
  return knex('organisation').select(ORGANISATION_COLUMNS).whereIn('id', ids).where('status', 'published');
}

export async function findOrganisation(knex: Knex, partnershipId: string, id: string): Promise<OrganisationRow | undefined> {
  return organisationsQuery(knex, partnershipId).select(ORGANISATION_COLUMNS).where('id', id).first();
}

export async function publishedAssetIdsOfOrganisation(knex: Knex, organisationId: string): Promise<string[]> {
  const rows = await knex('asset').select('id').where({ organisation_id: organisationId, status: 'published' }).orderBy('name').orderBy('id');
  return rows.map((r: { id: string }) => r.id);
}
