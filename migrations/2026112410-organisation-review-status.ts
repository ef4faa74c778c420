import type { Knex } from 'knex';

/**
 * Organisations are reviewed like assets: one a volunteer records waits (pending) until a
 * coordinator publishes or rejects it. Existing organisations were public already, so they
 * start published. The audit trigger on `organisation` records every status change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE organisation
    ADD COLUMN status text NOT NULL DEFAULT 'published',
    ADD COLUMN status_reason text NULL,
    ADD CONSTRAINT organisation_status_check CHECK (status IN ('pending', 'published', 'rejected'))`);
  await knex.raw(`CREATE INDEX organisation_status_idx ON organisation (partnership_id, status)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS organisation_status_idx');
  await knex.raw('ALTER TABLE organisation DROP COLUMN IF EXISTS status_reason, DROP COLUMN IF EXISTS status');
}
