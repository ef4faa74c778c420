import type { Knex } from 'knex';

/**
 * The read model's place rows (public_asset_site) are keyed on asset, not public_asset:
 * the refresh deletes and rewrites every record that changes, and each public_asset
 * delete ran the key's cascade one record at a time on a plan cached while the table was
 * empty. The refresh removes a record's place rows itself; a deleted asset still takes
 * them with it. The same migration made the refresh linear and waymark_json_ascii
 * cheaper (server/assets/public/sql/). Measurements: docs/decisions/0003-public-read-model.md.
 */
const PLACES_KEYED_ON_PUBLIC_ASSET = 'FOREIGN KEY (asset_id) REFERENCES public_asset(asset_id) ON DELETE CASCADE';
const PLACES_KEYED_ON_ASSET = 'FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE CASCADE';
const rekeyPlaces = (knex: Knex, key: string) => knex.raw(
  `ALTER TABLE public_asset_site DROP CONSTRAINT public_asset_site_asset_id_fkey, ADD CONSTRAINT public_asset_site_asset_id_fkey ${key}`);

export async function up(knex: Knex): Promise<void> {
  await rekeyPlaces(knex, PLACES_KEYED_ON_ASSET);
}

export async function down(knex: Knex): Promise<void> {
  await rekeyPlaces(knex, PLACES_KEYED_ON_PUBLIC_ASSET);
}
