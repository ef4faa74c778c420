import type { Knex } from 'knex';

/**
 * A GeoJSON listing counted its page's assets with count(DISTINCT ord), a sort of every
 * feature. `ord` numbers the matches in the page's order before LIMIT/OFFSET cut the
 * page out of them, so a page's ords run without gaps from its first to its last, and
 * max − min + 1 is the same count without the sort (pgbench -M prepared, 8 clients,
 * 200,000 assets, a 55-asset box, interleaved: 6,956 / 7,135 → 8,412 / 8,006 tps; identical bodies; the
 * paging test in test/api/read-model.test.ts checks every page's count). The function is rewritten from
 * its own definition so that nothing else in it can drift from migration 2026120210's.
 */
const SIGNATURE = `waymark_public_listing(text, text, uuid, float8, float8, float8, float8, float8, float8, float8,
  text[], text[], boolean, boolean, text[], uuid, timestamptz, text, text, integer, integer, bigint, interval)`;
const COUNT_WITHOUT_SORT = 'coalesce(max(x.ord) - min(x.ord) + 1, 0)::int';
const FEATURE_BRANCHES = 7; // box × (none, name, match) + circle × (distance, name, none, match)

async function rewrite(knex: Knex, from: string, to: string): Promise<void> {
  const { rows } = await knex.raw(`SELECT pg_get_functiondef('${SIGNATURE}'::regprocedure) AS def`);
  const def = rows[0].def as string;
  const found = def.split(from).length - 1;
  if (found !== FEATURE_BRANCHES) throw new Error(`waymark_public_listing: expected ${FEATURE_BRANCHES} feature counts, found ${found}`);
  await knex.raw(def.split(from).join(to));
}

export async function up(knex: Knex): Promise<void> {
  await rewrite(knex, 'count(DISTINCT x.ord)::int', COUNT_WITHOUT_SORT);
}

export async function down(knex: Knex): Promise<void> {
  await rewrite(knex, COUNT_WITHOUT_SORT, 'count(DISTINCT x.ord)::int');
}
