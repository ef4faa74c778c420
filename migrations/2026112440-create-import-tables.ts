import type { Knex } from 'knex';
import { auditTable } from './helpers';

/**
 * What imports need to remember between runs, all audited like any domain table:
 *   - external_ref: which registry asset a record of an outside source became (a Meeting
 *     Guide slug, an HSDS service id, a CSV key), so a re-import updates rather than
 *     duplicates, and a record that left the source can be archived;
 *   - import_mapping: a CSV source's saved column mapping, so the next file from the
 *     same source needs no mapping step.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('external_ref', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('partnership_id').notNullable().references('id').inTable('partnership');
    t.text('source_kind').notNullable(); // meeting_guide | hsds | csv
    t.text('source_key').notNullable(); // which feed or file source
    t.text('external_id').notNullable(); // its id there (slug, uuid, key column)
    t.uuid('asset_id').notNullable().references('id').inTable('asset').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['partnership_id', 'source_kind', 'source_key', 'external_id']);
    t.index(['asset_id']);
  });
  await knex.raw(`ALTER TABLE external_ref ADD CONSTRAINT external_ref_kind_check CHECK (source_kind IN ('meeting_guide', 'hsds', 'csv'))`);

  await knex.schema.createTable('import_mapping', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('partnership_id').notNullable().references('id').inTable('partnership');
    t.text('source_key').notNullable();
    t.jsonb('mapping').notNullable(); // { registry field: source column }
    t.uuid('updated_by').nullable().references('id').inTable('app_user');
    t.timestamps(true, true);
    t.unique(['partnership_id', 'source_key']);
  });

  await auditTable(knex, 'external_ref');
  await auditTable(knex, 'import_mapping');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('import_mapping');
  await knex.schema.dropTableIfExists('external_ref');
}
