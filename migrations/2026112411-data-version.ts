import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';

/**
 * One counter (read_cache_version; the gap analysis keeps its own per-scope data_version) that moves whenever a record the public reads changes, so a read cache can
 * be keyed by it (server/cache/). It is bumped by deferred constraint triggers, i.e. at
 * commit: the counter row is locked only while a transaction commits (not for its whole
 * length), and the new value becomes visible together with the data it stands for.
 */
const TABLES = ['asset', 'site', 'asset_site', 'organisation', 'partnership'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE read_cache_version (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version bigint NOT NULL DEFAULT 0
  )`);
  await knex.raw(`INSERT INTO read_cache_version (id, version) VALUES (1, 0)`);
  // Its body: server/cache/sql/bump_read_cache_version.sql.
  await applyRoutines(knex, ['waymark_bump_read_cache_version']);
  for (const table of TABLES) {
    await knex.raw(
      `CREATE CONSTRAINT TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE ON ?? DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION waymark_bump_read_cache_version()`,
      [`${table}_read_cache_version`, table],
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [`${table}_read_cache_version`, table]);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_bump_read_cache_version()');
  await knex.raw('DROP TABLE IF EXISTS read_cache_version');
}
