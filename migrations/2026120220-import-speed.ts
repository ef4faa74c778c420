import type { Knex } from 'knex';

/**
 * Cheaper bulk writes (issue 9's 100,000-row import), every row, audit entry, version and
 * read-model row unchanged. asset_name_trgm (a trigram GIN on the plain name) goes: every
 * query on asset names compares waymark_fold(name), which asset_name_fold_trgm_idx serves,
 * and each imported asset paid for two trigram entries. The same change made the audit
 * images, waymark_geojsonb and the read-model and sensitivity triggers on INSERT cheaper
 * (their files now; docs/decisions/0002-set-based-triggers-and-bulk-writes.md).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS asset_name_trgm');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX IF NOT EXISTS asset_name_trgm ON asset USING gin (name gin_trgm_ops)');
}
