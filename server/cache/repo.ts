import type { Knex } from 'knex';

/** The data version (migration 2026112411): moves at every commit that changes public records. */
export async function readDataVersion(knex: Knex): Promise<number> {
  // A fixed statement (no query builder): it runs before nearly every public read.
  const { rows } = await knex.raw('SELECT version FROM read_cache_version WHERE id = 1').options({ name: 'waymark_data_version' });
  return Number(rows[0]?.version ?? 0);
}
