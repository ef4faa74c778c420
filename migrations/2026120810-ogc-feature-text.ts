import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';

/**
 * /ogc's asset features written once per write instead of once per read (issue 23), as the
 * listings' text is (migration 2026120210): each public_asset_site row carries its asset's
 * whole OGC API Features feature as GeoJSON text (ogc_feature: waymark_ogc_asset_feature
 * of public_asset.doc, so PUBLIC points only; the same text on every place of an asset), so
 * a /ogc page in a box is an index scan, a sort and a string_agg, with no join and no
 * per-row function. The rows now pass the 2 kB at which PostgreSQL starts compressing
 * their largest values; toast_tuple_target keeps them whole up to a page, so the listings
 * do not start paying a decompression per row (their text, item_head, is the largest).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE public_asset_site ADD COLUMN ogc_feature text');
  // Before the backfill, which rewrites every row: under the default target it would compress them all.
  await knex.raw('ALTER TABLE public_asset_site SET (toast_tuple_target = 8160)');
  // Its body: server/interop/ogc/sql/ogc_asset_feature.sql (the routine files are applied after the migrations).
  await applyRoutines(knex, ['waymark_ogc_asset_feature']);
  await knex.raw('UPDATE public_asset_site ps SET ogc_feature = waymark_ogc_asset_feature(p.doc) FROM public_asset p WHERE p.asset_id = ps.asset_id');
  await knex.raw('ALTER TABLE public_asset_site ALTER COLUMN ogc_feature SET NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE public_asset_site RESET (toast_tuple_target)');
  await knex.raw('ALTER TABLE public_asset_site DROP COLUMN ogc_feature');
}
