import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AssetCreateInput } from '../../assets/schemas';
import { snapshotVersions } from '../../assets/write-repo';
import type { ColumnMapping } from './mapping';

/** Reads and writes for file imports. Callers pass a transaction for writes. */

export async function savedMapping(knex: Knex, partnershipId: string, sourceKey: string): Promise<ColumnMapping | null> {
  const row = await knex('import_mapping').where({ partnership_id: partnershipId, source_key: sourceKey }).first('mapping');
  return row?.mapping ?? null;
}

// jsonb does not keep key order, so mappings are compared with sorted keys.
const canonical = (m: Record<string, unknown>) => JSON.stringify(Object.keys(m).sort().map((k) => [k, m[k]]));

/** Insert or change a source's mapping; an unchanged mapping writes nothing. */
export async function saveMapping(trx: Knex.Transaction, partnershipId: string, sourceKey: string, mapping: ColumnMapping, actorId: string | null): Promise<void> {
  const current = await trx('import_mapping').where({ partnership_id: partnershipId, source_key: sourceKey }).first('id', 'mapping');
  if (!current) {
    await trx('import_mapping').insert({ partnership_id: partnershipId, source_key: sourceKey, mapping: JSON.stringify(mapping), updated_by: actorId });
  } else if (canonical(current.mapping) !== canonical(mapping)) {
    await trx('import_mapping').where({ id: current.id }).update({ mapping: JSON.stringify(mapping), updated_by: actorId, updated_at: trx.fn.now() });
  }
}

/**
 * For a transaction about to write a whole file: no JIT compilation. The server engine
 * compiles any statement its planner thinks costly, and the bulk statements (and the
 * audit trigger's, planned afresh each time) all are: 0.2 s of compiling apiece, more
 * than most of them then take to run (EXPLAIN ANALYZE, 20,000-row import). The embedded
 * engine has no JIT; the setting is accepted and does nothing there.
 */
export async function prepareBulkWrite(trx: Knex.Transaction): Promise<void> {
  await trx.raw('SET LOCAL jit = off');
}

/** `id`: the id to give it (a duplicate check may already have named it); new if absent. */
export type NewAsset = { input: AssetCreateInput; status: 'pending' | 'published'; id?: string };

/**
 * Many new assets, each with its (new) sites, in a few set-based statements. The same
 * rows, triggers (audit, site geometry, site sensitivity) and version snapshots as the
 * one-at-a-time path, so nothing downstream can tell an imported record apart.
 */
export async function insertAssets(trx: Knex.Transaction, partnershipId: string, actorId: string | null, assets: NewAsset[]): Promise<string[]> {
  if (!assets.length) return [];
  // The written rows keep the order asked for (ids are made here), so callers can pair them.
  const ids = assets.map((a) => a.id ?? randomUUID());
  const sites: Record<string, unknown>[] = [];
  const links: { asset_id: string; site_id: string }[] = [];
  assets.forEach((a, i) => {
    for (const s of a.input.sites) {
      if ('id' in s) {
        links.push({ asset_id: ids[i], site_id: s.id });
        continue;
      }
      const id = randomUUID();
      sites.push({ id, venue: s.venueName ?? null, address: s.address ?? null, postcode: s.postcode ?? null, lng: s.lng, lat: s.lat });
      links.push({ asset_id: ids[i], site_id: id });
    }
  });
  const rows = assets.map((a, i) => {
    const { input } = a;
    return {
      id: ids[i], name: input.name, description: input.description ?? null, organisation_id: input.organisationId ?? null, category: input.category,
      tags: input.tags, sensitive: input.sensitive, phone: input.phone ?? null, email: input.email ?? null, website: input.website ?? null,
      schedule: JSON.stringify(input.schedule), schedule_notes: input.scheduleNotes ?? null, who_for: input.whoFor,
      self_referral: input.selfReferral ?? null, professional_referral: input.professionalReferral ?? null, wheelchair_access: input.wheelchairAccess ?? null,
      cost: input.cost ?? null, cost_notes: input.costNotes ?? null, peer_led: input.peerLed, commissioning: input.commissioning ?? null,
      participation_level: input.participationLevel ?? null, learned_from: input.learnedFrom ?? null, status: a.status,
    };
  });
  for (let i = 0; i < sites.length; i += 10_000) {
    await trx.raw(
      `INSERT INTO site (id, partnership_id, venue_name, address, postcode, geom)
       SELECT r.id, ?, r.venue, r.address, r.postcode, ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326)
       FROM json_to_recordset(?::json) AS r(id uuid, venue text, address text, postcode text, lng float8, lat float8)`,
      [partnershipId, JSON.stringify(sites.slice(i, i + 10_000))],
    );
  }
  for (let i = 0; i < rows.length; i += 10_000) {
    await trx.raw(
      `INSERT INTO asset (id, partnership_id, name, description, organisation_id, category, tags, sensitive, phone, email, website, schedule,
         schedule_notes, who_for, self_referral, professional_referral, wheelchair_access, cost, cost_notes, peer_led, commissioning,
         participation_level, learned_from, status, created_by, updated_by, published_at, last_verified_at, last_verified_by)
       SELECT r.id, ?, r.name, r.description, r.organisation_id, r.category, r.tags, r.sensitive, r.phone, r.email, r.website, r.schedule::jsonb,
         r.schedule_notes, r.who_for, r.self_referral, r.professional_referral, r.wheelchair_access, r.cost, r.cost_notes, r.peer_led, r.commissioning,
         r.participation_level, r.learned_from, r.status, ?::uuid, ?::uuid,
         CASE WHEN r.status = 'published' THEN now() END, CASE WHEN r.status = 'published' THEN now() END, CASE WHEN r.status = 'published' THEN ?::uuid END
       FROM json_to_recordset(?::json) AS r(id uuid, name text, description text, organisation_id uuid, category text, tags text[], sensitive boolean,
         phone text, email text, website text, schedule text, schedule_notes text, who_for text[], self_referral boolean, professional_referral boolean,
         wheelchair_access boolean, cost text, cost_notes text, peer_led boolean, commissioning text, participation_level text, learned_from text, status text)`,
      [partnershipId, actorId, actorId, actorId, JSON.stringify(rows.slice(i, i + 10_000))],
    );
  }
  for (let i = 0; i < links.length; i += 20_000) {
    await trx.raw(`INSERT INTO asset_site (asset_id, site_id) SELECT r.asset_id, r.site_id FROM json_to_recordset(?::json) AS r(asset_id uuid, site_id uuid)`, [JSON.stringify(links.slice(i, i + 20_000))]);
  }
  for (let i = 0; i < ids.length; i += 20_000) await snapshotVersions(trx, ids.slice(i, i + 20_000), actorId);
  return ids;
}

/**
 * Why records wait (shown to reviewers beside the status; cleared when published). One
 * statement per 1,000 records, not one per record: each UPDATE runs asset's statement
 * triggers (audit, read model, sensitivity), about 3 ms however few rows it changes.
 */
export async function setStatusReasons(trx: Knex.Transaction, reasons: { id: string; reason: string }[]): Promise<void> {
  for (let i = 0; i < reasons.length; i += 1_000) {
    await trx.raw(
      `UPDATE asset a SET status_reason = r.reason FROM json_to_recordset(?::json) AS r(id uuid, reason text) WHERE a.id = r.id`,
      [JSON.stringify(reasons.slice(i, i + 1_000))],
    );
  }
}

/** The places of these assets in the order the asset view lists them (created, then id). */
export async function sitePointsOf(knex: Knex, assetIds: string[]): Promise<Map<string, { lat: number; lng: number }[]>> {
  const out = new Map<string, { lat: number; lng: number }[]>();
  if (!assetIds.length) return out;
  const { rows } = await knex.raw(
    `SELECT x.asset_id AS "assetId", ST_Y(s.geom) AS lat, ST_X(s.geom) AS lng
       FROM asset_site x JOIN site s ON s.id = x.site_id
      WHERE x.asset_id = ANY(?::uuid[]) ORDER BY x.asset_id, s.created_at, s.id`,
    [assetIds],
  );
  for (const r of rows as { assetId: string; lat: number; lng: number }[]) out.set(r.assetId, [...(out.get(r.assetId) ?? []), { lat: r.lat, lng: r.lng }]);
  return out;
}
