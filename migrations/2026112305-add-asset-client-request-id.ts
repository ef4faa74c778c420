import type { Knex } from 'knex';

/**
 * An idempotency key for asset creation. The capture page works offline and resends
 * what it could not confirm; if the first send did arrive but its reply was lost, the
 * resend carries the same key and gets the record already made instead of a twin.
 * Scoped to the creator, so one user's key can never reveal another's record.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('asset', (t) => {
    t.uuid('client_request_id').nullable();
  });
  await knex.raw('CREATE UNIQUE INDEX asset_client_request_idx ON asset (created_by, client_request_id) WHERE client_request_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS asset_client_request_idx');
  await knex.schema.alterTable('asset', (t) => {
    t.dropColumn('client_request_id');
  });
}
