import type { Knex } from 'knex';
import { auditTableByStatement } from './helpers';

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
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('access_token');
}
