import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';

/**
 * Masking that holds up against an observer who also knows the outward postcode we show
 * (issue 5, items 3 and 4). Still kept entirely by triggers, so every write path (API,
 * seeds, imports, bulk loads) gets it right.
 *
 * Masking cell (waymark_site_geometries, sensitive sites only): the smallest of
 *   1 km BNG cell  →  2 km BNG cell  →  the outward code's area
 * that holds at least k live postcodes of the site's outward code (k =
 * partnership.mask_min_postcodes, default 20), so "cell + outward code" never narrows a
 * refuge to fewer than k postcodes. `geom_grid` is that cell's centre (for the outward
 * code, the mean of its live postcodes), `geom_mask_area` the cell itself (duplicate
 * matching for non-privileged viewers uses it, never the exact point) and
 * `location_precision` says which was used.
 * With no live postcodes loaded at all there is nothing to count: the 1 km cell is kept
 * (the behaviour before this migration) — see docs/privacy.md.
 *
 * Sensitivity (waymark_refresh_site_sensitivity): only a PUBLISHED sensitive asset makes
 * its site sensitive, so a volunteer's pending (or a rejected or archived) record cannot
 * hide a published place; it re-runs when an asset's status changes.
 *
 * Bodies: server/assets/sql/. Since 2026120650 this runs only on an empty database
 * (server/db/migrate.ts): the backfill of existing sites and the row-level trigger on
 * asset status (replaced in 2026120110) are in git history. down() undoes the DDL; the
 * routines are those of the files checked out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partnership', (t) => {
    t.integer('mask_min_postcodes').notNullable().defaultTo(20);
  });
  await knex.raw('ALTER TABLE partnership ADD CONSTRAINT partnership_mask_min_postcodes_check CHECK (mask_min_postcodes BETWEEN 1 AND 10000)');
  await knex.schema.alterTable('site', (t) => {
    t.text('location_precision').notNullable().defaultTo('grid_1km');
    t.specificType('geom_mask_area', 'geometry(Geometry,4326)').nullable();
  });
  await knex.raw(`ALTER TABLE site ADD CONSTRAINT site_location_precision_check CHECK (location_precision IN ('grid_1km', 'grid_2km', 'outward_code'))`);

  // Non-privileged duplicate checks match sensitive sites by their masking area.
  await knex.raw('CREATE INDEX site_geog_mask_area_gist ON site USING gist ((geom_mask_area::geography)) WHERE sensitive');
  // Counting postcodes in a cell and in an outward code must not scan the whole table.
  await knex.raw('CREATE INDEX IF NOT EXISTS postcode_geom_gist ON postcode USING gist (geom)');
  await knex.raw(`CREATE INDEX IF NOT EXISTS postcode_outward_idx ON postcode ((split_part(postcode, ' ', 1))) WHERE terminated_on IS NULL`);

  await knex.raw('DROP TRIGGER IF EXISTS site_geometries ON site');
  await knex.raw(`CREATE TRIGGER site_geometries BEFORE INSERT OR UPDATE OF geom, sensitive, postcode, partnership_id ON site
    FOR EACH ROW EXECUTE FUNCTION waymark_site_geometries()`);

  // Re-mask every sensitive site (after postcodes are loaded or k changes).
  await applyRoutines(knex, ['waymark_refresh_site_masks']);
  await knex.raw(`CREATE TRIGGER postcode_masks AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON postcode
    FOR EACH STATEMENT EXECUTE FUNCTION waymark_refresh_site_masks()`);
  await knex.raw(`CREATE TRIGGER partnership_masks AFTER UPDATE OF mask_min_postcodes ON partnership
    FOR EACH STATEMENT EXECUTE FUNCTION waymark_refresh_site_masks()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS partnership_masks ON partnership');
  await knex.raw('DROP TRIGGER IF EXISTS postcode_masks ON postcode');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_refresh_site_masks()');
  await knex.raw('DROP TRIGGER IF EXISTS site_geometries ON site');
  await knex.raw(`CREATE TRIGGER site_geometries BEFORE INSERT OR UPDATE OF geom, sensitive ON site
    FOR EACH ROW EXECUTE FUNCTION waymark_site_geometries()`);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_cell_area(geometry, float8)');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_live_postcodes_in_cell(geometry, float8, text)');
  await knex.raw('DROP INDEX IF EXISTS postcode_outward_idx');
  await knex.raw('DROP INDEX IF EXISTS site_geog_mask_area_gist');
  await knex.raw('DROP INDEX IF EXISTS postcode_geom_gist');
  await knex.raw('ALTER TABLE site DROP CONSTRAINT IF EXISTS site_location_precision_check');
  await knex.schema.alterTable('site', (t) => {
    t.dropColumn('geom_mask_area');
    t.dropColumn('location_precision');
  });
  await knex.schema.alterTable('partnership', (t) => t.dropColumn('mask_min_postcodes'));
}
