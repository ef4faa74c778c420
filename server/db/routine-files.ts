/**
 * Every database routine (function, trigger function, view) the app defines, one `.sql`
 * file each beside the domain that owns it, holding its current `CREATE OR REPLACE`
 * definition. After the versioned migrations, migrateToLatest applies every file whose
 * checksum differs from the one recorded in `waymark_routine`, in this order, in one
 * transaction (server/db/routines.ts; docs/decisions/0001-routines-in-sql-files.md).
 *
 * Adding one: write the file, list it here (helpers before what calls them). Dropping or
 * renaming one, or changing its arguments or result type, is a versioned migration
 * (`DROP FUNCTION …`), then the file.
 */
export const ROUTINE_FILES: readonly string[] = [
  // Shared helpers.
  'server/db/sql/fold.sql',
  'server/db/sql/iso_time.sql',
  'server/db/sql/geojsonb.sql',

  // Audit trail: the statement-level trigger and what it builds on; the row-level one the first migrations attach.
  'server/audit/sql/row_key.sql',
  'server/audit/sql/audit_row_id.sql',
  'server/audit/sql/row_jsonb_sql.sql',
  'server/audit/sql/audit_statement.sql',
  'server/audit/sql/audit.sql',

  // Site masking and sensitivity.
  'server/assets/sql/live_postcodes_in_cell.sql',
  'server/assets/sql/cell_area.sql',
  'server/assets/sql/site_geometries.sql',
  'server/assets/sql/refresh_site_masks.sql',
  'server/assets/sql/refresh_site_sensitivity.sql',
  'server/assets/sql/asset_site_links_changed.sql',
  'server/assets/sql/assets_sensitivity_changed.sql',

  // The public read model, its triggers and the listing that reads it.
  'server/assets/public/sql/json_ascii.sql',
  'server/assets/public/sql/public_asset_rows.sql',
  'server/assets/public/sql/public_asset_site_rows.sql',
  'server/assets/public/sql/refresh_public_assets.sql',
  'server/assets/public/sql/public_asset_insert.sql',
  'server/assets/public/sql/public_asset_update.sql',
  'server/assets/public/sql/public_asset_site_insert.sql',
  'server/assets/public/sql/public_asset_site_delete.sql',
  'server/assets/public/sql/public_site_update.sql',
  'server/assets/public/sql/public_organisation_update.sql',
  'server/assets/public/sql/public_listing.sql',

  // OGC API Features over the read model.
  'server/interop/ogc/sql/ogc_asset_feature.sql',
  'server/interop/ogc/sql/ogc_assets.sql',

  // Map tiles.
  'server/tiles/sql/asset_points_in.sql',
  'server/tiles/sql/asset_tile_mvt.sql',

  // Version counters that key the read cache and the gap analysis cache.
  'server/cache/sql/bump_read_cache_version.sql',
  'server/gaps/sql/bump_data_version.sql',
];
