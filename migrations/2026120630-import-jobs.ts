import type { Knex } from 'knex';

/**
 * Background jobs (long imports): who started it, where it is, and at the end its report
 * or error. Operational bookkeeping, not a record of the registry: the writes a job makes
 * carry their own audit entries, so the job rows have no audit trigger (progress changes
 * several times a second).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job', (t) => {
    t.uuid('id').primary();
    t.text('kind').notNullable();
    t.uuid('owner_id').notNullable().references('id').inTable('app_user').onDelete('CASCADE');
    t.text('state').notNullable().defaultTo('queued');
    t.jsonb('progress');
    t.jsonb('report');
    t.jsonb('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    // Touched with each progress write: how a restarted instance tells a job another live
    // instance is running (server engine) from one that died with its process.
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE job ADD CONSTRAINT job_state_check CHECK (state IN ('queued', 'running', 'succeeded', 'failed'))`);
  await knex.raw(`CREATE INDEX job_unfinished_idx ON job (state) WHERE state IN ('queued', 'running')`);
  await knex.raw('CREATE INDEX job_owner_idx ON job (owner_id, created_at DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('job');
}
