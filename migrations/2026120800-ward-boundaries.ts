import type { Knex } from 'knex';

/**
 * Wards (or any named local boundary) the admin imports, as ONS publishes them
 * ("Wards (December 2022) Boundaries UK BGC": WD22CD / WD22NM), so the dashboard and the
 * CQS report can be filtered by ward. Each LSOA is assigned to the ward holding its
 * point-on-surface (area.ward_code), recomputed whenever wards or LSOAs are imported.
 * Like area, these are reference data: the import that wrote them is audited
 * (area_import), and a write bumps the reference data version so cached places and gaps
 * are recomputed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ward_boundary', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('la_code').nullable();
    t.specificType('geom', 'geometry(MultiPolygon,4326)').notNullable();
  });
  await knex.raw('CREATE INDEX ward_boundary_geom_gist ON ward_boundary USING gist (geom)');
  await knex.schema.alterTable('area', (t) => {
    t.text('ward_code').nullable();
  });
  await knex.raw(`CREATE TRIGGER ward_boundary_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ward_boundary FOR EACH STATEMENT EXECUTE FUNCTION waymark_bump_data_version('reference')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('area', (t) => {
    t.dropColumn('ward_code');
  });
  await knex.schema.dropTableIfExists('ward_boundary');
}
