import type { Knex } from 'knex';

/** Live organisations by lower-cased name, to link imported services to them. */
export async function organisationIdsByName(knex: Knex, partnershipId: string): Promise<Map<string, string>> {
  const rows = await knex('organisation').select('id', 'name').where('partnership_id', partnershipId).whereNull('archived_at');
  return new Map(rows.map((r: { id: string; name: string }) => [r.name.trim().toLowerCase(), r.id]));
}

/** Set the last-verified day (midnight UTC) unless it is already that day: a re-import writes nothing. */
export async function setLastVerified(trx: Knex.Transaction, assetId: string, day: string): Promise<void> {
  await trx('asset')
    .where('id', assetId)
    .where((w) => w.whereNull('last_verified_at').orWhereRaw(`(last_verified_at AT TIME ZONE 'UTC')::date <> ?::date`, [day]))
    .update({ last_verified_at: trx.raw(`(?::date)::timestamp AT TIME ZONE 'UTC'`, [day]) });
}
