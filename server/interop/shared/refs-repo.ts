import type { Knex } from 'knex';

/** Which registry asset each record of an outside source became (see migration 2026112440). */
export type SourceKind = 'meeting_guide' | 'hsds' | 'csv';
export type Source = { partnershipId: string; kind: SourceKind; key: string };
export type RefRow = { externalId: string; assetId: string };

export async function refsOf(knex: Knex, s: Source): Promise<RefRow[]> {
  return knex('external_ref')
    .select('external_id as externalId', 'asset_id as assetId')
    .where({ partnership_id: s.partnershipId, source_kind: s.kind, source_key: s.key });
}

export async function addRefs(trx: Knex.Transaction, s: Source, refs: RefRow[]): Promise<void> {
  if (!refs.length) return;
  for (let i = 0; i < refs.length; i += 20_000) {
    await trx.raw(
      `INSERT INTO external_ref (partnership_id, source_kind, source_key, external_id, asset_id)
       SELECT ?, ?, ?, r.external_id, r.asset_id FROM json_to_recordset(?::json) AS r(external_id text, asset_id uuid)`,
      [s.partnershipId, s.kind, s.key, JSON.stringify(refs.slice(i, i + 20_000).map((r) => ({ external_id: r.externalId, asset_id: r.assetId })))],
    );
  }
}

export async function moveRefs(trx: Knex.Transaction, s: Source, externalIds: string[], assetId: string): Promise<void> {
  if (!externalIds.length) return;
  await trx('external_ref').where({ partnership_id: s.partnershipId, source_kind: s.kind, source_key: s.key }).whereIn('external_id', externalIds).update({ asset_id: assetId });
}

export async function removeRefs(trx: Knex.Transaction, s: Source, externalIds: string[]): Promise<void> {
  if (!externalIds.length) return;
  await trx('external_ref').where({ partnership_id: s.partnershipId, source_kind: s.kind, source_key: s.key }).whereIn('external_id', externalIds).delete();
}

/** Live postcodes among these (normalised "HX1 1AA"), with their centres. */
export async function postcodePoints(knex: Knex, postcodes: string[]): Promise<Map<string, { lat: number; lng: number }>> {
  if (!postcodes.length) return new Map();
  const rows = await knex('postcode').select('postcode', knex.raw('ST_Y(geom) AS lat'), knex.raw('ST_X(geom) AS lng')).whereIn('postcode', postcodes);
  return new Map(rows.map((r: { postcode: string; lat: number; lng: number }) => [r.postcode, { lat: r.lat, lng: r.lng }]));
}
