import type { Knex } from 'knex';

/**
 * waymark_public_listing (migration 2026120210) plans its statements once per session
 * and keeps the plan: PL/pgSQL's plan cache. But the cache's default (`auto`) kept
 * choosing a custom plan, planned afresh on every call, because the generic plan's
 * estimate for `geom && <a box not yet known>` is worse than a custom plan's for the
 * actual box. Both plans are the same GiST index scan. Planning was about half of a
 * typical call (pgbench -M prepared, 8 clients, 200,000 assets, server engine: a 55-match
 * box 5,597 → 9,825 tps, a 5-match circle 5,693 → 11,271; heavy calls, a city box sorted
 * by name or matched by text, unchanged within noise), and 0.70 → 0.32 ms of an empty
 * box on the embedded engine. So its statements always take the generic plan.
 */
const SIGNATURE = `waymark_public_listing(text, text, uuid, float8, float8, float8, float8, float8, float8, float8,
  text[], text[], boolean, boolean, text[], uuid, timestamptz, text, text, integer, integer, bigint, interval)`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER FUNCTION ${SIGNATURE} SET plan_cache_mode = force_generic_plan`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER FUNCTION ${SIGNATURE} RESET plan_cache_mode`);
}
