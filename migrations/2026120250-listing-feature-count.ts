import type { Knex } from 'knex';

/**
 * A GeoJSON listing counts its page's assets as max(ord) − min(ord) + 1 instead of
 * count(DISTINCT ord), a sort of every feature. A change to waymark_public_listing's body
 * only, which now lives in its generator (server/assets/public/public-listing-sql.ts), so
 * this migration, which rewrote the body in the database, has nothing left to do.
 * Measurements: docs/decisions/0004-listing-and-tile-plans.md.
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
