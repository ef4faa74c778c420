import type { Knex } from 'knex';
import { auditTableByStatement } from './helpers';

/**
 * Dated snapshots of the partnership dashboard (issue 19): every figure as it stood when a
 * campaign closed, on demand, or at the monthly job, so trends compare like with like.
 * Audited on insert and never rewritten: rules turn any UPDATE or DELETE into nothing, so
 * a snapshot once taken is the record of that date whatever code runs later.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dashboard_snapshot', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('partnership_id').notNullable().references('id').inTable('partnership');
    t.timestamp('taken_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('reason').notNullable();
    t.uuid('campaign_id').nullable();
    t.uuid('taken_by').nullable();
    t.jsonb('figures').notNullable();
  });
  await knex.raw(`ALTER TABLE dashboard_snapshot ADD CONSTRAINT dashboard_snapshot_reason_check CHECK (reason IN ('on_demand', 'campaign_closed', 'monthly'))`);
  await knex.raw('CREATE INDEX dashboard_snapshot_taken_idx ON dashboard_snapshot (partnership_id, taken_at DESC)');
  await auditTableByStatement(knex, 'dashboard_snapshot');
  await knex.raw('CREATE RULE dashboard_snapshot_never_updated AS ON UPDATE TO dashboard_snapshot DO INSTEAD NOTHING');
  await knex.raw('CREATE RULE dashboard_snapshot_never_deleted AS ON DELETE TO dashboard_snapshot DO INSTEAD NOTHING');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('dashboard_snapshot');
}
