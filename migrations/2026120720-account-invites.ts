import type { Knex } from 'knex';
import { auditTableByStatement } from './helpers';

/**
 * One-time set-password links (issue 20, accounts without a terminal): an admin invites
 * someone, or resets a password, and is shown a link to hand over; no mail server is
 * assumed. Only the link token's SHA-256 is stored, so the table cannot sign anyone in.
 * A link is spent when used and lapses at `expires_at`; a newer link for the same account
 * replaces older unused ones (the service deletes them). Audited like every account write.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_invite', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('app_user').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.text('purpose').notNullable();
    t.uuid('created_by').nullable().references('id').inTable('app_user').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.index(['user_id']);
  });
  await knex.raw(`ALTER TABLE account_invite ADD CONSTRAINT account_invite_purpose_check CHECK (purpose IN ('invite', 'reset'))`);
  await auditTableByStatement(knex, 'account_invite');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('account_invite');
}
