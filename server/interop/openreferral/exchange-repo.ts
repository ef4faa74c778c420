import type { Knex } from 'knex';

/** Live organisations by lower-cased name, to link imported services to them. */
export async function organisationIdsByName(knex: Knex, partnershipId: string): Promise<Map<string, string>> {
  const rows = await knex('organisation').select('id', 'name').where('partnership_id', partnershipId).whereNull('archived_at');
  return new Map(rows.map((r: { id: string; name: string }) => [r.name.trim().toLowerCase(), r.id]));
}

/**
 * Set each asset's last-verified day (midnight UTC) unless it is already that day, in one
 * statement for the whole import (a re-import writes nothing). Returns how many changed.
 */
export async function setLastVerifiedDays(trx: Knex.Transaction, days: { assetId: string; day: string }[]): Promise<number> {
  if (!days.length) return 0;
  const res = await trx.raw(
    `UPDATE asset a SET last_verified_at = (v.day::date)::timestamp AT TIME ZONE 'UTC'
       FROM jsonb_to_recordset(?::jsonb) AS v("assetId" uuid, day text)
      WHERE a.id = v."assetId" AND (a.last_verified_at IS NULL OR (a.last_verified_at AT TIME ZONE 'UTC')::date <> v.day::date)`,
    [JSON.stringify(days)],
  );
  return res.rowCount ?? 0;
}
