import type { Knex } from 'knex';

/**
 * Routines (functions, trigger functions, views) are `.sql` files now, applied after the
 * versioned migrations whenever a file's checksum differs from the one recorded here
 * (server/db/routines.ts; docs/decisions/0001-routines-in-sql-files.md). A database
 * migrated before this keeps every routine; the first pass replaces each with its file,
 * whose definition is the same.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE waymark_routine (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS waymark_routine');
}
