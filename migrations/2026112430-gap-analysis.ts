import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';
import { auditTable } from './helpers';

/**
 * Coverage-gap analysis needs:
 *   - postcode.usertype (NSPL: 0 = small user, i.e. homes; 1 = large user, one big
 *     organisation): population reaches grid cells through live small-user postcodes;
 *   - area.population_groups ({"older_people": 1234, …}) for group-specific demand, and
 *     which releases the population and deprivation figures came from;
 *   - data_version: a counter per scope, bumped by statement-level triggers on every write
 *     to the tables a result depends on, so cached results are keyed by it and recomputed
 *     when assets (or the reference geography) change, on every instance;
 *   - area_import: who imported which files when (audited; the area rows themselves are
 *     reference data and are not).
 */
const ASSET_TABLES = ['asset', 'site', 'asset_site'];
const REFERENCE_TABLES = ['area', 'postcode', 'partnership'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('postcode', (t) => {
    t.smallint('usertype').nullable();
  });
  await knex.schema.alterTable('area', (t) => {
    t.jsonb('population_groups').notNullable().defaultTo('{}');
    t.text('imd_source').nullable();
  });
  await knex.raw(`UPDATE area SET imd_source = 'IoD2019' WHERE imd_rank IS NOT NULL`);
  await knex.raw('CREATE INDEX postcode_lsoa11_idx ON postcode (lsoa11)');

  await knex.schema.createTable('data_version', (t) => {
    t.text('scope').primary();
    t.bigInteger('version').notNullable().defaultTo(0);
  });
  await knex('data_version').insert([{ scope: 'assets' }, { scope: 'reference' }]);
  // Its body: server/gaps/sql/bump_data_version.sql.
  await applyRoutines(knex, ['waymark_bump_data_version']);
  for (const [scope, tables] of [['assets', ASSET_TABLES], ['reference', REFERENCE_TABLES]] as const) {
    for (const table of tables) {
      await knex.raw(`CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION waymark_bump_data_version(${scope === 'assets' ? "'assets'" : "'reference'"})`, [
        `${table}_data_version`,
        table,
      ]);
    }
  }

  await knex.schema.createTable('area_import', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('area_kind').notNullable(); // 'lsoa11' | 'lsoa21'
    t.jsonb('files').notNullable(); // [{ role: 'boundaries'|'population'|'deprivation', name, rows, release }]
    t.integer('area_count').notNullable();
    t.uuid('imported_by').nullable().references('id').inTable('app_user');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await auditTable(knex, 'area_import');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('area_import');
  for (const table of [...ASSET_TABLES, ...REFERENCE_TABLES]) await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [`${table}_data_version`, table]);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_bump_data_version()');
  await knex.schema.dropTableIfExists('data_version');
  await knex.raw('DROP INDEX IF EXISTS postcode_lsoa11_idx');
  await knex.schema.alterTable('area', (t) => {
    t.dropColumn('population_groups');
    t.dropColumn('imd_source');
  });
  await knex.schema.alterTable('postcode', (t) => {
    t.dropColumn('usertype');
  });
}
