import type { Knex } from 'knex';
import type { LeroPlace, LeroRecord, LeroService } from './register';

export type LocationAccess = 'exact' | 'masked';

type LeroRow = Omit<LeroRecord, 'services' | 'places'> & { status: string; archivedAt: Date | null };

const COLUMNS = [
  'o.id', 'o.name', 'o.description', 'o.website', 'o.lero_stage as leroStage', 'o.clero_member as cleroMember',
  'o.local_authorities_served as localAuthoritiesServed', 'o.commissioning_route as commissioningRoute', 'o.status', 'o.archived_at as archivedAt',
];

/** The partnership's published, live LEROs (or just one, by id, whatever its state), each with when it was last verified. */
export async function leroRows(knex: Knex, partnershipId: string, id?: string): Promise<LeroRow[]> {
  const q = knex('organisation as o').select(COLUMNS)
    .select(knex.raw('(SELECT max(v.verified_at) FROM organisation_verification v WHERE v.organisation_id = o.id) AS "lastVerifiedAt"'))
    .where({ 'o.partnership_id': partnershipId, 'o.kind': 'lero' });
  if (id) q.where('o.id', id);
  else q.where('o.status', 'published').whereNull('o.archived_at');
  return q.orderBy('o.name').orderBy('o.id');
}

/** Each LERO's published services. */
export async function servicesOf(knex: Knex, organisationIds: string[]): Promise<Map<string, LeroService[]>> {
  const rows: (LeroService & { organisationId: string })[] = await knex('asset')
    .select('organisation_id as organisationId', 'id', 'name', 'category')
    .whereIn('organisation_id', organisationIds).where('status', 'published').orderBy('name').orderBy('id');
  return group(rows);
}

/**
 * The places each LERO's published services run at, as this viewer may see them: for a
 * masked viewer a sensitive site's point is its masking-cell centre (geom_public), with no
 * venue, no address and only the outward postcode, chosen in SQL so the exact point never
 * leaves the database for them. `ownPlace`: no live service of another organisation runs there.
 */
export async function placesOf(knex: Knex, organisationIds: string[], access: LocationAccess): Promise<Map<string, LeroPlace[]>> {
  if (!organisationIds.length) return new Map();
  const exact = access === 'exact';
  const { rows } = await knex.raw(
    `SELECT DISTINCT ON (a.organisation_id, s.id) a.organisation_id AS "organisationId", s.id,
            CASE WHEN ? OR NOT s.sensitive THEN s.venue_name END AS "venueName",
            CASE WHEN ? OR NOT s.sensitive THEN s.address END AS address,
            CASE WHEN ? OR NOT s.sensitive THEN s.postcode ELSE split_part(btrim(s.postcode), ' ', 1) END AS postcode,
            ST_Y(??) AS lat, ST_X(??) AS lng,
            CASE WHEN ? OR NOT s.sensitive THEN 'exact' ELSE s.location_precision END AS "locationPrecision", s.sensitive,
            NOT EXISTS (SELECT 1 FROM asset_site l2 JOIN asset a2 ON a2.id = l2.asset_id
                         WHERE l2.site_id = s.id AND a2.status IN ('pending', 'published')
                           AND a2.organisation_id IS DISTINCT FROM a.organisation_id) AS "ownPlace"
       FROM asset a JOIN asset_site l ON l.asset_id = a.id JOIN site s ON s.id = l.site_id
      WHERE a.organisation_id = ANY(?::uuid[]) AND a.status = 'published'
      ORDER BY a.organisation_id, s.id`,
    [exact, exact, exact, exact ? 's.geom' : 's.geom_public', exact ? 's.geom' : 's.geom_public', exact, organisationIds],
  );
  return group(rows as (LeroPlace & { organisationId: string })[]);
}

function group<T extends { organisationId: string }>(rows: T[]): Map<string, Omit<T, 'organisationId'>[]> {
  const out = new Map<string, Omit<T, 'organisationId'>[]>();
  for (const { organisationId, ...rest } of rows) (out.get(organisationId) ?? out.set(organisationId, []).get(organisationId)!).push(rest);
  return out;
}

export type KnownRow = { campaignId: string; campaignName: string; closedAt: Date | null; reached: number; knew: number };

/**
 * Linkage tests about the LERO's services: per campaign the viewer may read (published;
 * closed ones too for `closedToo`), the reached pairs whose far end (B, the service asked
 * about) is one of them, and in how many the service contacted knew it (outcome ≥ 1),
 * as the campaign results' per-asset "in" rate counts them.
 */
export async function knownBy(knex: Knex, organisationId: string, closedToo: boolean): Promise<KnownRow[]> {
  const { rows } = await knex.raw(
    `SELECT c.id AS "campaignId", c.name AS "campaignName", c.closed_at AS "closedAt",
            count(*) FILTER (WHERE p.status = 'reached' AND p.outcome IS NOT NULL)::int AS reached,
            count(*) FILTER (WHERE p.status = 'reached' AND p.outcome >= 1)::int AS knew
       FROM campaign c JOIN campaign_pair p ON p.campaign_id = c.id
      WHERE p.b_asset_id IN (SELECT id FROM asset WHERE organisation_id = ?)
        AND (c.published OR (? AND c.status = 'closed'))
      GROUP BY c.id, c.name, c.closed_at
      ORDER BY c.closed_at NULLS LAST, c.id`,
    [organisationId, closedToo],
  );
  return rows;
}

/** The LERO's published (category, place) points as the gap analysis has them: public points, British National Grid. */
export async function supplyPointsOf(knex: Knex, organisationId: string): Promise<{ category: string; x: number; y: number }[]> {
  const { rows } = await knex.raw(
    `SELECT a.category, ST_X(t.p) AS x, ST_Y(t.p) AS y
       FROM asset a JOIN asset_site l ON l.asset_id = a.id JOIN site s ON s.id = l.site_id
       CROSS JOIN LATERAL (SELECT ST_Transform(s.geom_public, 27700) AS p OFFSET 0) t
      WHERE a.organisation_id = ? AND a.status = 'published'
      ORDER BY a.id, s.id`,
    [organisationId],
  );
  return (rows as { category: string; x: number; y: number }[]).map((r) => ({ category: r.category, x: Math.round(r.x * 10) / 10, y: Math.round(r.y * 10) / 10 }));
}

/** A new confirmation; earlier ones are kept. */
export async function markVerified(trx: Knex.Transaction, id: string, by: string | null): Promise<void> {
  await trx('organisation_verification').insert({ organisation_id: id, verified_by: by });
}
