import type { Knex } from 'knex';

/**
 * A `linkage` data version (issue 23): moved by every write to what a published
 * campaign's pathways are computed from (the campaign, its pairs, attempts and second
 * codings, and the services' publication agreements), so /ogc's pathways collection can
 * be cached per version like the gap cells (server/interop/ogc/service.ts). The sites'
 * points and masks move the `assets` version already. Its row is made by the first such
 * write (waymark_bump_data_version upserts), so an upgraded database holds the rows it
 * held; a missing row reads as version 0.
 */
const LINKAGE_TABLES = ['campaign', 'campaign_pair', 'campaign_attempt', 'campaign_second_coding', 'service_publication_agreement'];

export async function up(knex: Knex): Promise<void> {
  for (const table of LINKAGE_TABLES) {
    await knex.raw(`CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION waymark_bump_data_version('linkage')`, [
      `${table}_data_version`,
      table,
    ]);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of LINKAGE_TABLES) await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [`${table}_data_version`, table]);
  await knex('data_version').where({ scope: 'linkage' }).delete();
}
