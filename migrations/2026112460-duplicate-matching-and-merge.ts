import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';

/**
 * Accent- and case-blind matching ("cafe" finds "Café"; "Cafe Recovery" is a duplicate of
 * "Café Recovery") and merged records.
 *
 * `waymark_fold(text)` is lower(unaccent(text)) with the dictionary named, which makes it
 * safe to declare IMMUTABLE (unaccent alone is STABLE because it looks the dictionary up
 * on the search_path) so it can back an expression index. A merged record keeps its row,
 * history and id; `merged_into` points at the survivor, and reads of the merged id answer
 * with the survivor.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS unaccent');
  // Its body: server/db/sql/fold.sql. The index below needs it.
  await applyRoutines(knex, ['waymark_fold']);
  await knex.raw('CREATE INDEX asset_name_fold_trgm_idx ON asset USING gin (waymark_fold(name) gin_trgm_ops)');
  await knex.schema.alterTable('asset', (t) => {
    t.uuid('merged_into').nullable().references('id').inTable('asset');
  });
  await knex.raw('ALTER TABLE asset ADD CONSTRAINT asset_not_merged_into_self CHECK (merged_into IS NULL OR merged_into <> id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('asset', (t) => {
    t.dropColumn('merged_into');
  });
  await knex.raw('DROP INDEX IF EXISTS asset_name_fold_trgm_idx');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_fold(text)');
}
