import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';

/**
 * Extensions, the audit log and the trigger that writes it. Auditing in a trigger means no
 * write can skip the trail, whichever code path made it; the acting user is read from the
 * transaction-local setting `waymark.actor_id` that services set (see server/audit).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('actor_id').nullable();
    t.text('action').notNullable(); // insert | update | delete
    t.text('table_name').notNullable();
    t.text('row_id').notNullable();
    t.jsonb('before').nullable();
    t.jsonb('after').nullable();
    t.index(['table_name', 'row_id']);
    t.index(['at']);
  });
  await knex.raw(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('insert','update','delete'))`);

  // Its body: server/audit/sql/audit.sql. The tables created next attach it.
  await applyRoutines(knex, ['waymark_audit']);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS waymark_audit() CASCADE');
  await knex.schema.dropTableIfExists('audit_log');
}
