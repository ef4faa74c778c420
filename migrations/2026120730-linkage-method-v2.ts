import type { Knex } from 'knex';
import { auditTableByStatement } from './helpers';

/**
 * Linkage method v2 (issue 21). Values are written out here, not read from the code lists,
 * so this migration never changes under a later edit of types.ts.
 *  - `declined`: a service that, told what the call is for (disclosed approach), will not
 *    take part. A pair result and a pair status of its own, counted apart from unreachable.
 *  - The rubric's components: whether A gave contact details for B and whether it gave
 *    referral information, recorded separately on the reaching attempt (null on rows
 *    recorded before this, where only the cumulative code exists).
 *  - `campaign_second_coding`: a second caller's independent coding of a reached pair
 *    (Cohen's kappa between the two).
 *  - `service_publication_agreement`: services that agreed to have their own figures
 *    published; one row per agreeing service, audited (withdrawal deletes it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE campaign_pair DROP CONSTRAINT campaign_pair_status_check,
    ADD CONSTRAINT campaign_pair_status_check CHECK (status IN ('open','reached','unreachable','declined'))`);
  await knex.raw(`ALTER TABLE campaign_attempt DROP CONSTRAINT campaign_attempt_result_check,
    ADD CONSTRAINT campaign_attempt_result_check CHECK (result IN ('answered','voicemail','no_answer','wrong_number','email_bounced','replied','declined'))`);
  await knex.raw(`ALTER TABLE campaign_attempt
    ADD COLUMN gave_contact boolean NULL,
    ADD COLUMN gave_referral boolean NULL,
    ADD CONSTRAINT campaign_attempt_components_check CHECK (outcome IS NOT NULL OR (gave_contact IS NULL AND gave_referral IS NULL))`);
  await knex.raw(`ALTER TABLE campaign_pair
    ADD COLUMN gave_contact boolean NULL,
    ADD COLUMN gave_referral boolean NULL`);

  await knex.schema.createTable('campaign_second_coding', (t) => {
    t.uuid('pair_id').primary().references('id').inTable('campaign_pair').onDelete('CASCADE');
    t.uuid('coder_id').notNullable().references('id').inTable('app_user');
    t.smallint('outcome').notNullable();
    t.boolean('gave_contact').notNullable();
    t.boolean('gave_referral').notNullable();
    t.timestamp('coded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('ALTER TABLE campaign_second_coding ADD CONSTRAINT campaign_second_coding_outcome_check CHECK (outcome BETWEEN 0 AND 3)');

  await knex.schema.createTable('service_publication_agreement', (t) => {
    t.uuid('asset_id').primary().references('id').inTable('asset').onDelete('CASCADE');
    t.uuid('recorded_by').nullable().references('id').inTable('app_user');
    t.text('note').nullable();
    t.timestamp('agreed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  for (const table of ['campaign_second_coding', 'service_publication_agreement']) await auditTableByStatement(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('service_publication_agreement');
  await knex.schema.dropTableIfExists('campaign_second_coding');
  await knex.raw('ALTER TABLE campaign_pair DROP COLUMN gave_contact, DROP COLUMN gave_referral');
  await knex.raw('ALTER TABLE campaign_attempt DROP CONSTRAINT campaign_attempt_components_check, DROP COLUMN gave_contact, DROP COLUMN gave_referral');
}
