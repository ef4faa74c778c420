import type { Knex } from 'knex';

/**
 * What a campaign's results and pathways are computed from, as a digest: every pair's
 * status and outcome in pair order (pair ends, names and sites are fixed at the draw).
 * Equal digests, equal inputs; any attempt that changes a pair changes it.
 */
export async function pairsDigest(knex: Knex, campaignId: string): Promise<string> {
  const { rows } = await knex.raw(
    `SELECT count(*)::int AS n, md5(coalesce(string_agg(p.status || ':' || coalesce(p.outcome::text, ''), ',' ORDER BY p.pair_number), '')) AS digest
       FROM campaign_pair p WHERE p.campaign_id = ?`,
    [campaignId],
  );
  return `${rows[0].n}:${rows[0].digest}`;
}
