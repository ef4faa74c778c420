import type { Knex } from 'knex';

/** The data version (migration 2026112411): moves at every commit that changes public records. */
export async function readDataVersion(knex: Knex): Promise<number> {
  const row = await knex('read_cache_version').where({ id: 1 }).first('version');
  return Number(row?.version ?? 0);
}
