import type { Knex } from 'knex';
import { auditTable, checkIn } from './helpers';
import { APPROACHES, ATTEMPT_MODES, ATTEMPT_RESULTS, CAMPAIGN_STATUSES, PAIR_STATUSES } from '../server/linkage/types';

/**
 * Linkage-test campaigns (issue 6; docs/linkage-method.md). A campaign holds its design;
 * at the draw its frame is frozen in `campaign_frame` (each asset pinned to an
 * `asset_version`) and its ordered pairs written to `campaign_pair`, each end pinned too,
 * so later edits to the registry never change a drawn campaign. Callers are assigned
 * pairs (`campaign_assignment`) and log each contact attempt (`campaign_attempt`). Every
 * table is audited.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('campaign', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('partnership_id').notNullable().references('id').inTable('partnership');
    t.text('name').notNullable();
    t.text('approach').notNullable();
    t.text('status').notNullable().defaultTo('draft');
    t.boolean('published').notNullable().defaultTo(false);
    t.jsonb('scripts').notNullable();
    t.jsonb('rubric').notNullable();
    t.jsonb('frame_filters').notNullable();
    t.jsonb('design').notNullable();
    t.integer('seed').nullable();
    // What the draw found: per stratum N_h (the weights), most drawable, requested; frame size.
    t.jsonb('draw_summary').nullable();
    t.uuid('created_by').nullable().references('id').inTable('app_user');
    t.timestamp('drawn_at', { useTz: true }).nullable();
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.timestamp('published_at', { useTz: true }).nullable();
    t.timestamps(true, true);
  });
  await knex.raw(`ALTER TABLE campaign
    ADD CONSTRAINT campaign_approach_check CHECK (approach IN (${checkIn(APPROACHES)})),
    ADD CONSTRAINT campaign_status_check CHECK (status IN (${checkIn(CAMPAIGN_STATUSES)})),
    ADD CONSTRAINT campaign_published_closed_check CHECK (NOT published OR status = 'closed'),
    ADD CONSTRAINT campaign_seed_check CHECK (seed IS NULL OR seed >= 0)`);
  await knex.raw('CREATE INDEX campaign_partnership_idx ON campaign (partnership_id, created_at DESC)');

  // The frame as frozen at the draw: each asset pinned to the asset_version it had then
  // (parallel arrays, one row per campaign, so freezing a 10,000-asset frame is one audited
  // write; what each asset was is read from asset_version).
  await knex.schema.createTable('campaign_frame', (t) => {
    t.uuid('campaign_id').primary().references('id').inTable('campaign').onDelete('CASCADE');
    t.specificType('asset_ids', 'uuid[]').notNullable();
    t.specificType('asset_versions', 'integer[]').notNullable();
    t.timestamp('frozen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE campaign_frame ADD CONSTRAINT campaign_frame_parallel_check
    CHECK (coalesce(array_length(asset_ids, 1), 0) = coalesce(array_length(asset_versions, 1), 0))`);

  await knex.schema.createTable('campaign_pair', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('campaign_id').notNullable().references('id').inTable('campaign').onDelete('CASCADE');
    t.integer('pair_number').notNullable();
    t.text('stratum').notNullable();
    t.uuid('a_asset_id').notNullable();
    t.integer('a_version').notNullable();
    t.uuid('b_asset_id').notNullable();
    t.integer('b_version').notNullable();
    // Copied from the pinned versions at the draw (they never change): results and map
    // layers read one table. The site is each end's first, where its pathway is drawn.
    t.text('a_name').notNullable();
    t.text('a_category').notNullable();
    t.uuid('a_site_id').nullable();
    t.text('b_name').notNullable();
    t.text('b_category').notNullable();
    t.uuid('b_site_id').nullable();
    t.text('status').notNullable().defaultTo('open');
    t.smallint('outcome').nullable();
    t.integer('attempts_made').notNullable().defaultTo(0);
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.unique(['campaign_id', 'pair_number']);
    t.unique(['campaign_id', 'a_asset_id', 'b_asset_id']);
    t.foreign(['a_asset_id', 'a_version']).references(['asset_id', 'version']).inTable('asset_version');
    t.foreign(['b_asset_id', 'b_version']).references(['asset_id', 'version']).inTable('asset_version');
  });
  await knex.raw(`ALTER TABLE campaign_pair
    ADD CONSTRAINT campaign_pair_status_check CHECK (status IN (${checkIn(PAIR_STATUSES)})),
    ADD CONSTRAINT campaign_pair_outcome_check CHECK (outcome IS NULL OR outcome BETWEEN 0 AND 3),
    ADD CONSTRAINT campaign_pair_reached_outcome_check CHECK ((status = 'reached') = (outcome IS NOT NULL)),
    ADD CONSTRAINT campaign_pair_distinct_check CHECK (a_asset_id <> b_asset_id)`);
  await knex.raw('CREATE INDEX campaign_pair_status_idx ON campaign_pair (campaign_id, status)');
  await knex.raw('CREATE INDEX campaign_pair_a_idx ON campaign_pair (a_asset_id)');

  await knex.schema.createTable('campaign_assignment', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('pair_id').notNullable().unique().references('id').inTable('campaign_pair').onDelete('CASCADE');
    t.uuid('caller_id').notNullable().references('id').inTable('app_user');
    t.uuid('assigned_by').nullable().references('id').inTable('app_user');
    t.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['caller_id']);
  });

  await knex.schema.createTable('campaign_attempt', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('pair_id').notNullable().references('id').inTable('campaign_pair').onDelete('CASCADE');
    t.integer('attempt_number').notNullable();
    t.timestamp('attempted_at', { useTz: true }).notNullable();
    t.text('mode').notNullable();
    t.text('result').notNullable();
    t.smallint('outcome').nullable();
    t.text('note').nullable();
    t.uuid('recorded_by').nullable().references('id').inTable('app_user');
    t.uuid('client_request_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['pair_id', 'attempt_number']);
  });
  await knex.raw(`ALTER TABLE campaign_attempt
    ADD CONSTRAINT campaign_attempt_mode_check CHECK (mode IN (${checkIn(ATTEMPT_MODES)})),
    ADD CONSTRAINT campaign_attempt_result_check CHECK (result IN (${checkIn(ATTEMPT_RESULTS)})),
    ADD CONSTRAINT campaign_attempt_outcome_check CHECK ((result IN ('answered','replied')) = (outcome IS NOT NULL) AND (outcome IS NULL OR outcome BETWEEN 0 AND 3))`);
  await knex.raw('CREATE UNIQUE INDEX campaign_attempt_client_request_idx ON campaign_attempt (recorded_by, client_request_id) WHERE client_request_id IS NOT NULL');

  for (const table of ['campaign', 'campaign_frame', 'campaign_pair', 'campaign_assignment', 'campaign_attempt']) await auditTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['campaign_attempt', 'campaign_assignment', 'campaign_pair', 'campaign_frame', 'campaign']) await knex.schema.dropTableIfExists(table);
}
