import type { Knex } from 'knex';
import { auditTableByStatement } from './helpers';

/** Tables whose changes move published linkage pathways (the 'linkage' data version). */
const LINKAGE_TABLES = ['campaign', 'campaign_frame', 'campaign_pair', 'campaign_assignment', 'campaign_attempt'];

/**
 * Personal read-only access tokens for GIS clients (QGIS, GDAL) that cannot carry a
 * browser cookie. Only the token's SHA-256 is kept (the token is shown once); revoking
 * sets revoked_at, so the audit trail keeps who made and who revoked each one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('access_token', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('app_user').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('token_hash').notNullable().unique();
    t.text('scope').notNullable().defaultTo('read');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE access_token ADD CONSTRAINT access_token_scope_check CHECK (scope IN ('read'))`);
  await knex.raw('CREATE INDEX access_token_user_idx ON access_token (user_id, created_at DESC)');
  await auditTableByStatement(knex, 'access_token');

  // A data version for linkage, as 'assets' and 'reference' have (2026112430), so /ogc can
  // keep published pathways per version instead of rebuilding them per request.
  await knex('data_version').insert({ scope: 'linkage' }).onConflict('scope').ignore();
  for (const table of LINKAGE_TABLES) {
    await knex.raw(`CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION waymark_bump_data_version('linkage')`, [`${table}_data_version`, table]);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of LINKAGE_TABLES) await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [`${table}_data_version`, table]);
  await knex('data_version').where({ scope: 'linkage' }).delete();
  await knex.schema.dropTableIfExists('access_token');
}
