import type { Knex } from 'knex';
import { auditTableByStatement, checkIn } from './helpers';
import { participationCodes, reviewPerspectiveCodes } from '../server/domain/vocabulary';

/**
 * Issue 20: the LERO register and the peer-participation review.
 *
 * LEROs already carry their stage, CLERO membership, the local authorities they serve and
 * how they are funded (2026112303); what the register adds is when a coordinator confirmed
 * the record: one `organisation_verification` row per confirmation (the latest is "last
 * verified"), kept apart so the organisation's own rows are untouched by this upgrade.
 *
 * A participation review is a round (a date, the services in scope, the perspectives
 * taking part) and its entries: one perspective's view of one service, or of the
 * partnership as a whole (`asset_id` null), on the adapted Arnstein ladder, with a reason
 * and an example. Entries are only ever inserted: a later entry for the same perspective
 * and service supersedes an earlier one in the profile, and both are kept. An entry made
 * by a volunteer on behalf of people in treatment says so (`on_behalf`) and has no field
 * for anyone's name. Every table is audited.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisation_verification', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('organisation_id').notNullable().references('id').inTable('organisation');
    t.uuid('verified_by').nullable().references('id').inTable('app_user');
    t.timestamp('verified_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX organisation_verification_idx ON organisation_verification (organisation_id, verified_at DESC)');

  await knex.schema.createTable('participation_round', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('partnership_id').notNullable().references('id').inTable('partnership');
    t.text('title').notNullable();
    t.date('review_date').notNullable();
    t.specificType('perspectives', 'text[]').notNullable();
    t.uuid('created_by').nullable().references('id').inTable('app_user');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE participation_round
    ADD CONSTRAINT participation_round_perspectives_check
      CHECK (cardinality(perspectives) > 0 AND perspectives <@ ARRAY[${checkIn(reviewPerspectiveCodes)}]::text[])`);
  await knex.raw('CREATE INDEX participation_round_date_idx ON participation_round (partnership_id, review_date, created_at)');

  await knex.schema.createTable('participation_round_service', (t) => {
    t.uuid('round_id').notNullable().references('id').inTable('participation_round').onDelete('CASCADE');
    t.uuid('asset_id').notNullable().references('id').inTable('asset');
    t.primary(['round_id', 'asset_id']);
  });

  await knex.schema.createTable('participation_entry', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('round_id').notNullable().references('id').inTable('participation_round').onDelete('CASCADE');
    t.text('perspective').notNullable();
    t.uuid('asset_id').nullable().references('id').inTable('asset');
    t.text('level').notNullable();
    t.text('reason').notNullable();
    t.text('example').nullable();
    t.boolean('on_behalf').notNullable().defaultTo(false);
    t.uuid('recorded_by').nullable().references('id').inTable('app_user');
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE participation_entry
    ADD CONSTRAINT participation_entry_perspective_check CHECK (perspective IN (${checkIn(reviewPerspectiveCodes)})),
    ADD CONSTRAINT participation_entry_level_check CHECK (level IN (${checkIn(participationCodes)})),
    ADD CONSTRAINT participation_entry_on_behalf_check CHECK (NOT on_behalf OR perspective = 'people_in_treatment')`);
  await knex.raw('CREATE INDEX participation_entry_round_idx ON participation_entry (round_id, perspective, asset_id, recorded_at)');

  for (const table of ['organisation_verification', 'participation_round', 'participation_round_service', 'participation_entry']) await auditTableByStatement(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('participation_entry');
  await knex.schema.dropTableIfExists('participation_round_service');
  await knex.schema.dropTableIfExists('participation_round');
  await knex.schema.dropTableIfExists('organisation_verification');
}
