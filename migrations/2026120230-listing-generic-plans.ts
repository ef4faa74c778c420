import type { Knex } from 'knex';

/**
 * waymark_public_listing always takes its generic plan (`SET plan_cache_mode =
 * force_generic_plan`): PL/pgSQL's plan cache kept re-planning it on every call. The
 * setting is part of the routine's definition, so it lives in its file now
 * (server/assets/public/sql/public_listing.sql), and this migration, which set it on the
 * function already created, has nothing left to do. Measurements:
 * docs/decisions/0004-listing-and-tile-plans.md.
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
