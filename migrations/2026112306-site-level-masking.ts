import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';

/**
 * Masking belongs to the place, not only to the service: a site is sensitive when any
 * asset that uses it is sensitive, so a co-located, non-sensitive service can never
 * publish a refuge's exact point or address. Triggers keep it true on every write path
 * (API, seeds, imports):
 *   - site BEFORE INSERT/UPDATE: geom_grid = centre of the 1 km British National Grid
 *     cell holding geom; geom_public = geom_grid if sensitive, else geom;
 *   - asset_site AFTER INSERT/DELETE and asset AFTER UPDATE OF sensitive: recompute the
 *     sensitivity of the sites concerned.
 * Public reads then filter one indexed column (geom_public) with no join to asset.
 *
 * Bodies: server/assets/sql/. Since 2026120650 this runs only on an empty database
 * (server/db/migrate.ts), so what it did then and no longer needs to is in git history:
 * the backfill of existing sites, and the two row-level sensitivity triggers that
 * 2026120110 replaced (with their functions, which no longer exist).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('site', (t) => {
    t.boolean('sensitive').notNullable().defaultTo(false);
    t.specificType('geom_public', 'geometry(Point,4326)').nullable();
  });

  await applyRoutines(knex, ['waymark_site_geometries']);
  await knex.raw(`CREATE TRIGGER site_geometries BEFORE INSERT OR UPDATE OF geom, sensitive ON site
    FOR EACH ROW EXECUTE FUNCTION waymark_site_geometries()`);
  await knex.raw(`ALTER TABLE site ALTER COLUMN geom_public SET NOT NULL`);

  await knex.raw('DROP INDEX IF EXISTS site_geom_grid_gist');
  await knex.raw('DROP INDEX IF EXISTS site_geog_grid_gist');
  await knex.raw('CREATE INDEX site_geom_public_gist ON site USING gist (geom_public)');
  await knex.raw('CREATE INDEX site_geog_public_gist ON site USING gist ((geom_public::geography))');
  // Covering: site → its assets by index alone, which is how spatial filters reach assets.
  await knex.raw('DROP INDEX IF EXISTS asset_site_site_id_index');
  await knex.raw('CREATE INDEX asset_site_site_asset_idx ON asset_site (site_id, asset_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS asset_site_site_asset_idx');
  await knex.raw('CREATE INDEX asset_site_site_id_index ON asset_site (site_id)');
  await knex.raw('DROP INDEX IF EXISTS site_geog_public_gist');
  await knex.raw('DROP INDEX IF EXISTS site_geom_public_gist');
  await knex.raw('CREATE INDEX site_geom_grid_gist ON site USING gist (geom_grid)');
  await knex.raw('CREATE INDEX site_geog_grid_gist ON site USING gist ((geom_grid::geography))');
  await knex.raw('DROP TRIGGER IF EXISTS asset_sensitivity ON asset');
  await knex.raw('DROP TRIGGER IF EXISTS asset_site_sensitivity ON asset_site');
  await knex.raw('DROP TRIGGER IF EXISTS site_geometries ON site');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_sensitivity_changed()');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_site_changed()');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_refresh_site_sensitivity(uuid[])');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_site_geometries()');
  await knex.schema.alterTable('site', (t) => {
    t.dropColumn('geom_public');
    t.dropColumn('sensitive');
  });
}
