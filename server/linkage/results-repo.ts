import type { Knex } from 'knex';
import type { CampaignRow } from './repo';

/** The campaign fields results, pathways and the summary export are computed from. */
export type ResultsCampaign = Pick<CampaignRow, 'id' | 'name' | 'approach' | 'status' | 'published' | 'design' | 'seed' | 'drawSummary' | 'drawnAt' | 'closedAt' | 'rubric' | 'frameFilters'>;

/**
 * One campaign by id, without the pair counts the campaign pages show: a read of one row,
 * where the full campaign query aggregates every pair (it runs before every results read).
 */
export async function campaignForResults(knex: Knex, id: string): Promise<ResultsCampaign | undefined> {
  return knex('campaign')
    .select('id', 'name', 'approach', 'status', 'published', 'design', 'seed', 'draw_summary as drawSummary', 'drawn_at as drawnAt', 'closed_at as closedAt', 'rubric', 'frame_filters as frameFilters')
    .where({ id })
    .first();
}

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
