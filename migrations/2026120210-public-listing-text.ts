import type { Knex } from 'knex';

/**
 * The public listings' text, written once per write instead of once per read (issue 10):
 * each public_asset_site row carries, all-ASCII,
 *   item_head     the asset's public record (public_asset.doc as text) without its closing
 *                 brace; a listing appends `"stale"` (and, when near, `"distanceMetres"`);
 *   feature_tail  the site's GeoJSON feature after its opening brace (the PUBLIC point and
 *                 the map's properties); a listing prefixes `{"type":"Feature","id":n,`;
 *   verified_at   from which `stale` is computed at read time.
 * They are derived like every other column of the read model, and the same migration
 * added waymark_json_ascii and waymark_public_listing (server/assets/public/sql/). Why
 * and how much: docs/decisions/0003-public-read-model.md.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE public_asset_site
    ADD COLUMN verified_at timestamptz,
    ADD COLUMN item_head text,
    ADD COLUMN feature_tail text`);
  await knex.raw(`ALTER TABLE public_asset_site
    ALTER COLUMN verified_at SET NOT NULL,
    ALTER COLUMN item_head SET NOT NULL,
    ALTER COLUMN feature_tail SET NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS waymark_json_ascii(text)');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_public_listing(text, text, uuid, float8, float8, float8, float8, float8, float8, float8, text[], text[], boolean, boolean, text[], uuid, timestamptz, text, text, integer, integer, bigint, interval)');
  await knex.raw('ALTER TABLE public_asset_site DROP COLUMN verified_at, DROP COLUMN item_head, DROP COLUMN feature_tail');
}
