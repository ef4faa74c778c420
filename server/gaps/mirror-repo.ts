import type { Knex } from 'knex';
import { z } from 'zod';
import { parseRows } from './parse-rows';
import type { AssetFact } from '../dashboard/exists';

/**
 * What the registry mirror (registry-mirror.ts) reads: the partnership's records, its
 * published supply at each site's PUBLIC point, and which records the audit trail says
 * changed since a time. All of it or only the records listed.
 */

/** A record as the dashboard's "what exists" reads it (its areas are looked up only for a place). */
export type RecordRow = Omit<AssetFact, 'areaCodes'>;
/** A published record at one of its sites (the site's public point, EPSG:27700 metres to 0.1 m). */
export type SupplyRow = { siteId: string; category: string; whoFor: string[]; x: number; y: number };

const round1 = (v: number) => Math.round(v * 10) / 10;
const onlyThese = (ids: string[] | null) => (ids === null ? '' : 'AND a.id = ANY(?::uuid[])');
const bindings = (partnershipId: string, ids: string[] | null) => (ids === null ? [partnershipId] : [partnershipId, ids]);

export async function records(knex: Knex, partnershipId: string, ids: string[] | null): Promise<RecordRow[]> {
  const { rows } = await knex.raw(
    `SELECT a.id, a.name, a.category, a.status, a.peer_led AS "peerLed", a.commissioning, a.organisation_id AS "organisationId",
            a.created_at AS "createdAt", a.last_verified_at AS "lastVerifiedAt"
       FROM asset a WHERE a.partnership_id = ? ${onlyThese(ids)} ORDER BY a.id`,
    bindings(partnershipId, ids),
  );
  return rows.map((r: RecordRow) => ({ ...r, createdAt: new Date(r.createdAt), lastVerifiedAt: r.lastVerifiedAt ? new Date(r.lastVerifiedAt) : null }));
}

const supplyRow = z.object({ assetId: z.string(), siteId: z.string(), category: z.string(), whoFor: z.array(z.string()), x: z.number(), y: z.number() });

/**
 * Every (published record, site) pair at the site's PUBLIC point: a sensitive site's is the
 * centre of its masking cell, for every viewer, so no gap output depends on where a refuge
 * really is. In record then site order (the order the measures sum them in).
 */
export async function supply(knex: Knex, partnershipId: string, ids: string[] | null): Promise<(SupplyRow & { assetId: string })[]> {
  const { rows } = await knex.raw(
    `SELECT a.id AS "assetId", s.id AS "siteId", a.category, a.who_for AS "whoFor", ST_X(t.p) AS x, ST_Y(t.p) AS y
       FROM asset a JOIN asset_site l ON l.asset_id = a.id JOIN site s ON s.id = l.site_id
       CROSS JOIN LATERAL (SELECT ST_Transform(s.geom_public, 27700) AS p OFFSET 0) t
      WHERE a.partnership_id = ? AND a.status = 'published' ${onlyThese(ids)}
      ORDER BY a.id, s.id`,
    bindings(partnershipId, ids),
  );
  return (await parseRows(supplyRow, rows)).map((r) => ({ assetId: r.assetId, siteId: r.siteId, category: r.category, whoFor: r.whoFor, x: round1(r.x), y: round1(r.y) }));
}

/**
 * A time before which every write not yet visible began: the start of the oldest
 * transaction open now (or now), less a minute's margin. Audit rows carry their
 * transaction's start time, so every write a read taken after this call cannot see is
 * logged at or after it. (Sessions of other roles hide their start unless the app's role
 * may read all statistics; the margin and the mirror's periodic full read cover those.)
 */
export async function changeBound(knex: Knex, marginMs = 60_000): Promise<Date> {
  const { rows } = await knex.raw(
    `SELECT least(now(), (SELECT min(xact_start) FROM pg_stat_activity WHERE xact_start IS NOT NULL)) - make_interval(secs => ?) AS bound`,
    [marginMs / 1000],
  );
  return new Date(rows[0].bound);
}

/**
 * Records whose row, links or sites the audit trail logged at or after `since` (before
 * and after images both: a record that left a site, a site that moved). At most `limit`
 * + 1 ids, so a bulk write is seen as "too many" without reading them all.
 */
export async function changedRecords(knex: Knex, since: Date, limit: number): Promise<string[]> {
  const { rows } = await knex.raw(
    `WITH changes AS MATERIALIZED (
       SELECT c.table_name AS t, i.v FROM audit_log c CROSS JOIN LATERAL (VALUES (c.before), (c.after)) AS i(v)
        WHERE c.at >= ? AND c.table_name IN ('asset', 'site', 'asset_site') AND i.v IS NOT NULL)
     SELECT id FROM (
       SELECT v->>'id' AS id FROM changes WHERE t = 'asset'
       UNION SELECT v->>'asset_id' FROM changes WHERE t = 'asset_site'
       UNION SELECT l.asset_id::text FROM asset_site l WHERE l.site_id IN (SELECT (v->>'id')::uuid FROM changes WHERE t = 'site')
     ) ids WHERE id IS NOT NULL LIMIT ?`,
    [since, limit + 1],
  );
  return rows.map((r: { id: string }) => r.id);
}

export async function assetsVersion(knex: Knex): Promise<number> {
  const row = await knex('data_version').where({ scope: 'assets' }).first('version');
  return Number(row?.version ?? 0);
}
