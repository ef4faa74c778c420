import type { Knex } from 'knex';
import { MIGRATIONS_BEFORE_ROUTINE_FILES, migrationSource } from '../../migrations';
import { applyChangedRoutines } from './routines';

/**
 * Bring a database to the current schema: the versioned migrations (tables, columns,
 * indexes, constraints, triggers, data, dropped or renamed routines), then every routine
 * file whose checksum changed (routines.ts). Returns the migrations applied.
 */
export async function migrate(knex: Knex): Promise<{ migrations: string[]; routines: string[] }> {
  await refusePartlyMigrated(knex);
  const [, applied] = await knex.migrate.latest({ migrationSource });
  const routines = await applyChangedRoutines(knex);
  return { migrations: applied as string[], routines };
}

/**
 * The migrations before 2026120650 no longer carry the functions they created, so they
 * build a schema only from empty. A database with some of them applied (a version of
 * Waymark from before 2026-12-02) is refused before anything runs.
 */
async function refusePartlyMigrated(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('knex_migrations'))) return;
  const done = new Set((await knex('knex_migrations').select('name')).map((r: { name: string }) => r.name));
  const missing = MIGRATIONS_BEFORE_ROUTINE_FILES.filter((name) => !done.has(name));
  if (done.size > 0 && missing.length > 0) {
    throw new Error(
      `This database was migrated by an older Waymark and lacks ${missing.join(', ')}. ` +
        'Upgrade it first with commit 39836fe (the last to carry those migrations whole), then with this version.',
    );
  }
}
