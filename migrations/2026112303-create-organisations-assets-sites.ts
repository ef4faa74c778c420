import type { Knex } from 'knex';
import { auditTable, checkIn } from './helpers';
import {
  assetStatusCodes,
  categoryCodes,
  commissioningCodes,
  commissioningRouteCodes,
  costCodes,
  learnedFromCodes,
  leroStageCodes,
  organisationKindCodes,
  participationCodes,
  whoForCodes,
} from '../server/domain/vocabulary';

/**
 * The asset registry. A service/group/activity (`asset`) is kept apart from the places it
 * runs (`site`, joined by `asset_site`): one service can run at several sites and one
 * site can host several services, which is what the Commissioning Quality Standard's
 * "directory which includes sites of co-located service provision" needs, and what Open
 * Referral's service / location / service_at_location expects. Every asset change also
 * writes an immutable `asset_version` row so later linkage-test calls can pin exactly the
 * record they were about.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisation', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('partnership_id').notNullable().references('id').inTable('partnership');
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.text('description').nullable();
    t.text('website').nullable();
    t.text('registration_number').nullable();
    // LERO-only facts; null for other kinds.
    t.text('lero_stage').nullable();
    t.boolean('clero_member').nullable();
    t.specificType('local_authorities_served', 'text[]').notNullable().defaultTo('{}');
    t.text('commissioning_route').nullable();
    t.uuid('created_by').nullable().references('id').inTable('app_user');
    t.timestamp('archived_at', { useTz: true }).nullable();
    t.timestamps(true, true);
    t.unique(['partnership_id', 'name']);
  });
  await knex.raw(`ALTER TABLE organisation
    ADD CONSTRAINT organisation_kind_check CHECK (kind IN (${checkIn(organisationKindCodes)})),
    ADD CONSTRAINT organisation_lero_stage_check CHECK (lero_stage IS NULL OR lero_stage IN (${checkIn(leroStageCodes)})),
    ADD CONSTRAINT organisation_commissioning_route_check CHECK (commissioning_route IS NULL OR commissioning_route IN (${checkIn(commissioningRouteCodes)}))`);
  await knex.raw('CREATE INDEX organisation_name_trgm ON organisation USING gin (name gin_trgm_ops)');

  await knex.schema.createTable('site', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('partnership_id').notNullable().references('id').inTable('partnership');
    t.text('venue_name').nullable();
    t.text('address').nullable();
    t.text('postcode').nullable();
    t.specificType('geom', 'geometry(Point,4326)').notNullable();
    // Centre of the 1 km British National Grid cell holding `geom`: what anyone who may not
    // see a sensitive asset's exact place is shown, and what their spatial filters use.
    t.specificType('geom_grid', 'geometry(Point,4326)').notNullable();
    t.timestamps(true, true);
  });
  await knex.raw('CREATE INDEX site_geom_gist ON site USING gist (geom)');
  await knex.raw('CREATE INDEX site_geom_grid_gist ON site USING gist (geom_grid)');
  await knex.raw('CREATE INDEX site_geog_gist ON site USING gist ((geom::geography))');
  await knex.raw('CREATE INDEX site_geog_grid_gist ON site USING gist ((geom_grid::geography))');

  await knex.schema.createTable('asset', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('partnership_id').notNullable().references('id').inTable('partnership');
    t.uuid('organisation_id').nullable().references('id').inTable('organisation');
    t.integer('version').notNullable().defaultTo(1);
    t.text('name').notNullable();
    t.text('description').nullable();
    t.text('category').notNullable();
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.boolean('sensitive').notNullable().defaultTo(false);
    t.text('phone').nullable();
    t.text('email').nullable();
    t.text('website').nullable();
    // [{ day: 0-6 (0 = Sunday, as Meeting Guide), start: "HH:MM", end: "HH:MM"|null, note }]
    t.jsonb('schedule').notNullable().defaultTo('[]');
    t.text('schedule_notes').nullable();
    t.specificType('who_for', 'text[]').notNullable().defaultTo('{}');
    t.boolean('self_referral').nullable();
    t.boolean('professional_referral').nullable();
    t.boolean('wheelchair_access').nullable();
    t.text('cost').nullable();
    t.text('cost_notes').nullable();
    t.boolean('peer_led').notNullable().defaultTo(false);
    t.text('commissioning').nullable();
    t.text('participation_level').nullable();
    t.text('status').notNullable().defaultTo('pending');
    t.text('status_reason').nullable(); // why it was rejected or archived
    t.text('status_before_archive').nullable(); // what restore returns it to
    t.text('learned_from').nullable();
    t.uuid('created_by').nullable().references('id').inTable('app_user');
    t.uuid('updated_by').nullable().references('id').inTable('app_user');
    t.timestamp('published_at', { useTz: true }).nullable();
    t.timestamp('last_verified_at', { useTz: true }).nullable();
    t.uuid('last_verified_by').nullable().references('id').inTable('app_user');
    t.timestamps(true, true);
  });
  await knex.raw(`ALTER TABLE asset
    ADD CONSTRAINT asset_category_check CHECK (category IN (${checkIn(categoryCodes)})),
    ADD CONSTRAINT asset_status_check CHECK (status IN (${checkIn(assetStatusCodes)})),
    ADD CONSTRAINT asset_who_for_check CHECK (who_for <@ ARRAY[${checkIn(whoForCodes)}]::text[]),
    ADD CONSTRAINT asset_participation_check CHECK (participation_level IS NULL OR participation_level IN (${checkIn(participationCodes)})),
    ADD CONSTRAINT asset_learned_from_check CHECK (learned_from IS NULL OR learned_from IN (${checkIn(learnedFromCodes)})),
    ADD CONSTRAINT asset_commissioning_check CHECK (commissioning IS NULL OR commissioning IN (${checkIn(commissioningCodes)})),
    ADD CONSTRAINT asset_cost_check CHECK (cost IS NULL OR cost IN (${checkIn(costCodes)}))`);
  await knex.raw('CREATE INDEX asset_status_category_idx ON asset (partnership_id, status, category)');
  await knex.raw('CREATE INDEX asset_updated_at_idx ON asset (updated_at)');
  await knex.raw('CREATE INDEX asset_last_verified_idx ON asset (status, last_verified_at)');
  await knex.raw('CREATE INDEX asset_name_trgm ON asset USING gin (name gin_trgm_ops)');
  await knex.raw('CREATE INDEX asset_tags_gin ON asset USING gin (tags)');
  await knex.raw('CREATE INDEX asset_who_for_gin ON asset USING gin (who_for)');
  await knex.raw('CREATE INDEX asset_organisation_idx ON asset (organisation_id)');

  await knex.schema.createTable('asset_site', (t) => {
    t.uuid('asset_id').notNullable().references('id').inTable('asset').onDelete('CASCADE');
    t.uuid('site_id').notNullable().references('id').inTable('site');
    t.primary(['asset_id', 'site_id']);
    t.index(['site_id']);
  });

  await knex.schema.createTable('asset_version', (t) => {
    t.uuid('asset_id').notNullable().references('id').inTable('asset').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.jsonb('snapshot').notNullable(); // the asset with its sites, exactly as stored
    t.uuid('created_by').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['asset_id', 'version']);
  });

  await auditTable(knex, 'organisation');
  await auditTable(knex, 'site');
  await auditTable(knex, 'asset');
  await auditTable(knex, 'asset_site');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('asset_version');
  await knex.schema.dropTableIfExists('asset_site');
  await knex.schema.dropTableIfExists('asset');
  await knex.schema.dropTableIfExists('site');
  await knex.schema.dropTableIfExists('organisation');
}
