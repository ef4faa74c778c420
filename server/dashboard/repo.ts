import type { Knex } from 'knex';
import { partnershipAreaKind } from '../gaps/repo';
import type { ArchiveEvent, AssetFact, OrganisationFact, SiteFact } from './exists';

/**
 * What the dashboard reads. Places are the PUBLIC points (site.geom_public) and the
 * areas holding them, for every viewer: no figure depends on a sensitive place's exact
 * point, and a sensitive site's venue and address are never read.
 */

/**
 * The area holding each site's public point (the first by code where areas meet), for
 * the sites `which` selects only: a point-in-polygon search per site is the dashboard's
 * costliest read (200,000 sites: seconds), so only the sites a figure needs are placed.
 */
const siteArea = (which: string) => `
  SELECT s.id, s.sensitive, (SELECT ar.code FROM area ar
                              WHERE ar.kind = ? AND ar.la_code = ANY(p.la_codes) AND ST_Intersects(ar.geom, s.geom_public)
                              ORDER BY ar.code LIMIT 1) AS code
    FROM site s JOIN partnership p ON p.id = s.partnership_id
   WHERE s.partnership_id = ? AND ${which}`;

/** Sites whose public point lies in one of the areas `codes` (by the site index; the areas are few). */
const IN_AREAS = `EXISTS (SELECT 1 FROM area pa WHERE pa.kind = ? AND pa.code = ANY(?::text[]) AND ST_Intersects(pa.geom, s.geom_public))`;

/**
 * The records with a site in one of a place's areas `codes`, each with the areas holding
 * its sites' public points (the caller keeps those whose areas meet `codes`). The whole
 * partnership's records come from the gap service's mirror (server/gaps/registry-mirror.ts).
 */
export async function assetFacts(knex: Knex, partnershipId: string, codes: string[]): Promise<AssetFact[]> {
  const columns = `a.id, a.name, a.category, a.status, a.peer_led AS "peerLed", a.commissioning, a.organisation_id AS "organisationId",
            a.created_at AS "createdAt", a.last_verified_at AS "lastVerifiedAt"`;
  const kind = await partnershipAreaKind(knex, partnershipId);
  const { rows } = await knex.raw(
    `WITH site_area AS MATERIALIZED (${siteArea(IN_AREAS)})
     SELECT ${columns}, array_agg(DISTINCT sa.code) AS "areaCodes"
       FROM asset a JOIN asset_site l ON l.asset_id = a.id JOIN site_area sa ON sa.id = l.site_id AND sa.code IS NOT NULL
      WHERE a.partnership_id = ?
      GROUP BY a.id ORDER BY a.id`,
    [kind, partnershipId, kind, codes, partnershipId],
  );
  return rows.map((r: AssetFact) => ({ ...r, createdAt: new Date(r.createdAt), lastVerifiedAt: r.lastVerifiedAt ? new Date(r.lastVerifiedAt) : null }));
}

/**
 * Of the sites `siteIds` (those the gap service's mirror counts two or more published
 * records at), those that still have two, placed (only these); a sensitive site's venue
 * name is not read.
 */
export async function sharedSites(knex: Knex, partnershipId: string, siteIds: string[]): Promise<SiteFact[]> {
  if (siteIds.length === 0) return [];
  const kind = await partnershipAreaKind(knex, partnershipId);
  const { rows } = await knex.raw(
    `WITH site_area AS MATERIALIZED (${siteArea('s.id = ANY(?::uuid[])')})
     SELECT s.id AS "siteId", CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END AS "venueName", s.sensitive, sa.code AS "areaCode",
            json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.name, a.id) AS assets
       FROM site s JOIN site_area sa ON sa.id = s.id
       JOIN asset_site l ON l.site_id = s.id JOIN asset a ON a.id = l.asset_id AND a.status = 'published'
      GROUP BY s.id, sa.code HAVING count(*) >= 2 ORDER BY s.id`,
    [kind, partnershipId, siteIds],
  );
  return rows.map((r: SiteFact & { assets: unknown }) => ({ ...r, assets: typeof r.assets === 'string' ? JSON.parse(r.assets) : r.assets }));
}

export async function organisationFacts(knex: Knex, partnershipId: string): Promise<OrganisationFact[]> {
  const rows = await knex('organisation').select('id', 'name', 'kind', knex.raw('archived_at IS NOT NULL AS archived')).where({ partnership_id: partnershipId }).orderBy('id');
  return rows as OrganisationFact[];
}

/** When records moved into the archive, from the audit trail (an update whose after-image is archived and before-image is not). */
export async function archiveEvents(knex: Knex, since: Date): Promise<ArchiveEvent[]> {
  const { rows } = await knex.raw(
    `SELECT row_id AS "assetId", at FROM audit_log
      WHERE table_name = 'asset' AND action = 'update' AND at >= ?
        AND after->>'status' = 'archived' AND coalesce(before->>'status', '') <> 'archived'
      ORDER BY at`,
    [since],
  );
  return rows.map((r: { assetId: string; at: string | Date }) => ({ assetId: r.assetId, at: new Date(r.at) }));
}

/** Campaigns whose results a commissioner may read (closed, or published), newest closure first. */
export async function closedCampaigns(knex: Knex): Promise<{ id: string; name: string; approach: string; closedAt: Date }[]> {
  return knex('campaign').select('id', 'name', 'approach', 'closed_at as closedAt').where({ status: 'closed' }).whereNotNull('closed_at').orderBy([{ column: 'closed_at', order: 'desc' }, { column: 'id' }]);
}

export async function publishedTreatment(knex: Knex, partnershipId: string): Promise<{ id: string; name: string }[]> {
  return knex('asset').select('id', 'name').where({ partnership_id: partnershipId, status: 'published', category: 'treatment' }).orderBy('name');
}

// ---- snapshots (insert and read only: the table's rules turn UPDATE and DELETE into nothing)

export type SnapshotRow = { id: string; takenAt: Date; reason: string; campaignId: string | null; takenBy: string | null; figures: unknown };

export async function insertSnapshot(trx: Knex.Transaction, row: { partnershipId: string; reason: string; campaignId: string | null; takenBy: string | null; figures: unknown; takenAt: Date }): Promise<string> {
  const [r] = await trx('dashboard_snapshot')
    .insert({ partnership_id: row.partnershipId, reason: row.reason, campaign_id: row.campaignId, taken_by: row.takenBy, figures: JSON.stringify(row.figures), taken_at: row.takenAt })
    .returning('id');
  return r.id;
}

export async function listSnapshots(knex: Knex, partnershipId: string): Promise<Omit<SnapshotRow, 'figures'>[]> {
  return knex('dashboard_snapshot').select('id', 'taken_at as takenAt', 'reason', 'campaign_id as campaignId', 'taken_by as takenBy')
    .where({ partnership_id: partnershipId }).orderBy([{ column: 'taken_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
}

export async function getSnapshot(knex: Knex, partnershipId: string, id: string): Promise<SnapshotRow | undefined> {
  return knex('dashboard_snapshot').select('id', 'taken_at as takenAt', 'reason', 'campaign_id as campaignId', 'taken_by as takenBy', 'figures')
    .where({ partnership_id: partnershipId, id }).first();
}

export async function latestSnapshotAt(knex: Knex, partnershipId: string, reason?: string): Promise<Date | null> {
  const q = knex('dashboard_snapshot').max('taken_at as at').where({ partnership_id: partnershipId });
  if (reason) q.andWhere({ reason });
  const row = await q.first();
  return row?.at ? new Date(row.at) : null;
}
