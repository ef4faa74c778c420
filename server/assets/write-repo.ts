import type { Knex } from 'knex';
import { z } from 'zod';
import { toColumns } from '../db/columns';
import type { AssetRow } from './repo';

/** Writes for the asset registry. Callers pass a transaction (see audit/transaction.ts). */


const COLUMN_OF = {
  name: 'name',
  description: 'description',
  organisationId: 'organisation_id',
  category: 'category',
  tags: 'tags',
  sensitive: 'sensitive',
  phone: 'phone',
  email: 'email',
  website: 'website',
  schedule: 'schedule',
  scheduleNotes: 'schedule_notes',
  whoFor: 'who_for',
  selfReferral: 'self_referral',
  professionalReferral: 'professional_referral',
  wheelchairAccess: 'wheelchair_access',
  cost: 'cost',
  costNotes: 'cost_notes',
  peerLed: 'peer_led',
  commissioning: 'commissioning',
  participationLevel: 'participation_level',
  learnedFrom: 'learned_from',
} as const;

export type AssetColumns = Partial<Pick<AssetRow, keyof typeof COLUMN_OF>>;

const toRow = (values: AssetColumns) => toColumns(values, COLUMN_OF, { schedule: (v) => JSON.stringify(v) });

export async function insertAsset(
  trx: Knex.Transaction,
  a: AssetColumns & { partnershipId: string; status: string; createdBy: string | null; published: boolean; clientRequestId?: string },
): Promise<string> {
  const now = trx.fn.now();
  const [row] = await trx('asset')
    .insert({
      ...toRow(a),
      partnership_id: a.partnershipId,
      status: a.status,
      created_by: a.createdBy,
      updated_by: a.createdBy,
      client_request_id: a.clientRequestId ?? null,
      // Publishing is a coordinator's confirmation that the record is right: it counts as verification.
      ...(a.published ? { published_at: now, last_verified_at: now, last_verified_by: a.createdBy } : {}),
    })
    .returning('id');
  return row.id;
}

/** Apply changes and bump the version; null if the row is gone or not in an allowed status. */
export async function updateAsset(
  trx: Knex.Transaction,
  id: string,
  changes: Record<string, unknown>,
  actorId: string | null,
  allowedStatuses?: string[],
): Promise<boolean> {
  const q = trx('asset')
    .where({ id })
    .update({ ...changes, version: trx.raw('version + 1'), updated_at: trx.fn.now(), updated_by: actorId });
  if (allowedStatuses) q.whereIn('status', allowedStatuses);
  return (await q) === 1;
}

export const assetColumnsToRow = toRow;

export async function findByClientRequest(trx: Knex.Transaction, createdBy: string, clientRequestId: string): Promise<string | undefined> {
  const row = await trx('asset').select('id').where({ created_by: createdBy, client_request_id: clientRequestId }).first();
  return row?.id;
}

export async function lockAsset(trx: Knex.Transaction, id: string): Promise<{ status: string; createdBy: string | null; sensitive: boolean } | undefined> {
  return trx('asset').select('status', 'created_by as createdBy', 'sensitive').where({ id }).forUpdate().first();
}

/** A new site. Its grid-cell centre and public point are set by the site_geometries trigger. */
export async function insertSite(
  trx: Knex.Transaction,
  s: { partnershipId: string; venueName?: string | null; address?: string | null; postcode?: string | null; lat: number; lng: number },
): Promise<string> {
  const [row] = await trx('site')
    .insert({
      partnership_id: s.partnershipId,
      venue_name: s.venueName ?? null,
      address: s.address ?? null,
      postcode: s.postcode ?? null,
      geom: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [s.lng, s.lat]),
    })
    .returning('id');
  return row.id;
}

export async function existingSiteIds(trx: Knex.Transaction, partnershipId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await trx('site').select('id').where('partnership_id', partnershipId).whereIn('id', ids);
  return new Set(rows.map((r) => r.id));
}

/** Make the asset's set of sites exactly `siteIds`. */
export async function replaceSiteLinks(trx: Knex.Transaction, assetId: string, siteIds: string[]): Promise<void> {
  const current: string[] = (await trx('asset_site').select('site_id').where({ asset_id: assetId })).map((r) => r.site_id);
  const removed = current.filter((id) => !siteIds.includes(id));
  const added = [...new Set(siteIds)].filter((id) => !current.includes(id));
  if (removed.length) await trx('asset_site').where({ asset_id: assetId }).whereIn('site_id', removed).delete();
  if (added.length) await trx('asset_site').insert(added.map((site_id) => ({ asset_id: assetId, site_id })));
}

/** Freeze the asset as it now stands (row + sites) under its current version number. */
export async function snapshotVersion(trx: Knex.Transaction, assetId: string, actorId: string | null): Promise<void> {
  await snapshotVersions(trx, [assetId], actorId);
}

export async function siteIdsEverLinked(knex: Knex, assetId: string): Promise<string[]> {
  const rows = await knex('audit_log')
    .distinct(knex.raw(`coalesce(after, before)->>'site_id' AS site_id`))
    .where('table_name', 'asset_site')
    .where('row_id', 'like', `${assetId}:%`);
  return rows.map((r: { site_id: string }) => r.site_id);
}

/**
 * Freeze many assets in one statement (bulk imports and linkage frames use it directly);
 * the masking geometries are left out. `ifMissing`: keep a version already frozen.
 * A site's jsonb is built by the SQL waymark_row_jsonb_sql gives (migration 2026120110):
 * to_jsonb(s) minus those keys, without PostGIS's slow jsonb cast for the geometry.
 */
export async function snapshotVersions(trx: Knex.Transaction, assetIds: string[], actorId: string | null, opts: { ifMissing?: boolean } = {}): Promise<void> {
  if (!assetIds.length) return;
  const { rows } = await trx.raw(`SELECT waymark_row_jsonb_sql('site', 's', ARRAY['geom_grid', 'geom_public', 'geom_mask_area']) AS sql`);
  // Made by the database from the catalogue, with identifiers quoted (format %I/%L): no values in it.
  const siteJson = z.string().parse(rows[0].sql);
  // The snapshot is to_jsonb of the asset's row with 'sites' beside its columns: the value
  // to_jsonb(a) || jsonb_build_object('sites', …) is, without decoding and re-encoding each
  // snapshot to concatenate (0.7 s of a 100,000-row import), and a third quicker than
  // jsonb_build_object over every column (which looks up each argument's type per row).
  // Each asset and each of its sites are looked up by key (OFFSET 0 keeps a lateral
  // subquery a lookup): joined, they were planned as hash joins over all of asset,
  // asset_site and site, so each of a bulk import's batches read every row the earlier ones
  // wrote. The sites too: with the statistics a bulk import leaves stale, a plain join of
  // site was a sequential scan of it per asset (bench:load --scenario stall, server engine:
  // the 20th batch of 1,000 took 1.5 s, the write 18.7 s against 3 s).
  await trx.raw(
    `INSERT INTO asset_version (asset_id, version, snapshot, created_by)
     SELECT v.id, v.version, to_jsonb(v), ?
     FROM (
       SELECT a.*, coalesce(l.sites, '[]'::jsonb) AS sites
       FROM (SELECT DISTINCT u.id FROM unnest(?::uuid[]) AS u(id)) i
       CROSS JOIN LATERAL (SELECT * FROM asset a WHERE a.id = i.id OFFSET 0) a
       CROSS JOIN LATERAL (
         SELECT jsonb_agg(${siteJson} ORDER BY s.id) AS sites
         FROM asset_site x CROSS JOIN LATERAL (SELECT * FROM site s WHERE s.id = x.site_id OFFSET 0) s
         WHERE x.asset_id = a.id) l) v
     ${opts.ifMissing ? 'ON CONFLICT (asset_id, version) DO NOTHING' : ''}`,
    [actorId, assetIds],
  );
}
