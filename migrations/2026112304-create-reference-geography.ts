import type { Knex } from 'knex';

/**
 * Open reference geography: postcodes (ONS NSPL) to place assets typed in by postcode,
 * and small areas (2011 LSOAs) with population and deprivation for the map's area layer
 * and, later, coverage-gap analysis in EPSG:27700. Reference data, not audited.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('postcode', (t) => {
    t.text('postcode').primary(); // normalised: upper case, single space ("HX1 1AA")
    t.specificType('geom', 'geometry(Point,4326)').notNullable();
    t.text('lsoa11').nullable();
    t.text('la_code').nullable();
    t.date('terminated_on').nullable(); // null = live
  });

  await knex.schema.createTable('area', (t) => {
    t.text('code').primary(); // e.g. LSOA11CD
    t.text('kind').notNullable(); // 'lsoa11'
    t.text('name').notNullable();
    t.text('la_code').nullable();
    t.specificType('geom', 'geometry(MultiPolygon,4326)').notNullable();
    t.integer('population').nullable();
    t.text('population_source').nullable();
    t.integer('imd_rank').nullable(); // 1 = most deprived in England
    t.integer('imd_decile').nullable();
  });
  await knex.raw('CREATE INDEX area_geom_gist ON area USING gist (geom)');
  await knex.raw('CREATE INDEX area_kind_idx ON area (kind, la_code)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('area');
  await knex.schema.dropTableIfExists('postcode');
}
