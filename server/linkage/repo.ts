import { snapshotVersions } from '../assets/write-repo';
import type { Knex } from 'knex';
import type { FrameAsset } from '../sampling/frame';
import type { CampaignCounts, CampaignStatus, Design, FrameFilters, Rubric, Scripts, Approach } from './types';

/**
 * Campaigns, their frames and draws (knex only). Pairs, attempts and assignments are in
 * pair-repo.ts. Every value is bound.
 */
export type DrawSummary = {
  frameSize: number;
  strata: { key: string; from: string | null; to: string | null; possible: number; maxDrawable: number; requested: number; frameFrom: number; frameTo: number }[];
  maxDrawable: number;
};

export type CampaignRow = {
  id: string;
  partnershipId: string;
  name: string;
  approach: Approach;
  status: CampaignStatus;
  published: boolean;
  scripts: Scripts;
  rubric: Rubric;
  frameFilters: FrameFilters;
  design: Design;
  seed: number | null;
  drawSummary: DrawSummary | null;
  createdBy: string | null;
  createdAt: Date;
  drawnAt: Date | null;
  closedAt: Date | null;
  publishedAt: Date | null;
  counts: CampaignCounts;
  myOpenPairs: number;
};

function campaignQuery(knex: Knex, viewerId: string | null) {
  return knex('campaign as c')
    .select(
      'c.id', 'c.partnership_id as partnershipId', 'c.name', 'c.approach', 'c.status', 'c.published', 'c.scripts', 'c.rubric',
      'c.frame_filters as frameFilters', 'c.design', 'c.seed', 'c.draw_summary as drawSummary', 'c.created_by as createdBy',
      'c.created_at as createdAt', 'c.drawn_at as drawnAt', 'c.closed_at as closedAt', 'c.published_at as publishedAt',
      knex.raw(`json_build_object('pairs', coalesce(k.pairs, 0), 'assigned', coalesce(k.assigned, 0), 'open', coalesce(k.open, 0),
        'reached', coalesce(k.reached, 0), 'unreachable', coalesce(k.unreachable, 0), 'declined', coalesce(k.declined, 0)) AS counts`),
      knex.raw('coalesce(k.mine, 0)::int AS "myOpenPairs"'),
    )
    .joinRaw(
      `LEFT JOIN LATERAL (
        SELECT count(*)::int AS pairs,
               count(x.id)::int AS assigned,
               count(*) FILTER (WHERE p.status = 'open')::int AS open,
               count(*) FILTER (WHERE p.status = 'reached')::int AS reached,
               count(*) FILTER (WHERE p.status = 'unreachable')::int AS unreachable,
               count(*) FILTER (WHERE p.status = 'declined')::int AS declined,
               count(*) FILTER (WHERE p.status = 'open' AND x.caller_id = ?::uuid)::int AS mine
        FROM campaign_pair p LEFT JOIN campaign_assignment x ON x.pair_id = p.id
        WHERE p.campaign_id = c.id) k ON true`,
      [viewerId],
    );
}

export async function findCampaign(knex: Knex, id: string, viewerId: string | null = null): Promise<CampaignRow | undefined> {
  return campaignQuery(knex, viewerId).where('c.id', id).first();
}

/** `visibleTo`: which campaigns a non-team viewer may list (see service.listCampaigns). */
export async function listCampaigns(
  knex: Knex,
  partnershipId: string,
  viewerId: string | null,
  scope: { all: true } | { closed: boolean; published: boolean; assignedTo: string | null },
): Promise<CampaignRow[]> {
  const q = campaignQuery(knex, viewerId).where('c.partnership_id', partnershipId).orderBy('c.created_at', 'desc').orderBy('c.id');
  if (!('all' in scope)) {
    q.where((w) => {
      w.whereRaw('false');
      if (scope.published) w.orWhere('c.published', true);
      if (scope.closed) w.orWhere('c.status', 'closed');
      if (scope.assignedTo) {
        w.orWhereExists((e) =>
          e.select(knex.raw('1')).from('campaign_pair as p2').join('campaign_assignment as x2', 'x2.pair_id', 'p2.id')
            .whereRaw('p2.campaign_id = c.id').where('x2.caller_id', scope.assignedTo!).where('c.status', 'in_progress'),
        );
      }
    });
  }
  return q;
}

export async function lockCampaign(trx: Knex.Transaction, id: string): Promise<{ id: string; status: CampaignStatus; published: boolean } | undefined> {
  return trx('campaign').select('id', 'status', 'published').where({ id }).forUpdate().first();
}

export type CampaignInsert = {
  partnershipId: string; name: string; approach: Approach; scripts: Scripts; rubric: Rubric; frameFilters: FrameFilters; design: Design; createdBy: string | null;
};

export async function insertCampaign(trx: Knex.Transaction, c: CampaignInsert): Promise<string> {
  const [row] = await trx('campaign')
    .insert({
      partnership_id: c.partnershipId, name: c.name, approach: c.approach, scripts: JSON.stringify(c.scripts), rubric: JSON.stringify(c.rubric),
      frame_filters: JSON.stringify(c.frameFilters), design: JSON.stringify(c.design), created_by: c.createdBy,
    })
    .returning('id');
  return row.id;
}

export type CampaignUpdate = Partial<{
  name: string; approach: Approach; scripts: Scripts; rubric: Rubric; frameFilters: FrameFilters; design: Design; status: CampaignStatus;
  seed: number; drawSummary: DrawSummary; drawnAt: Date; closedAt: Date; published: boolean; publishedAt: Date | null;
}>;

const COLUMN: Record<keyof CampaignUpdate, string> = {
  name: 'name', approach: 'approach', scripts: 'scripts', rubric: 'rubric', frameFilters: 'frame_filters', design: 'design', status: 'status',
  seed: 'seed', drawSummary: 'draw_summary', drawnAt: 'drawn_at', closedAt: 'closed_at', published: 'published', publishedAt: 'published_at',
};
const JSON_COLUMNS = new Set(['scripts', 'rubric', 'frameFilters', 'design', 'drawSummary']);

export async function updateCampaign(trx: Knex.Transaction, id: string, patch: CampaignUpdate): Promise<void> {
  const row: Record<string, unknown> = { updated_at: trx.fn.now() };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    row[COLUMN[k as keyof CampaignUpdate]] = JSON_COLUMNS.has(k) ? JSON.stringify(v) : v;
  }
  await trx('campaign').where({ id }).update(row);
}

/** Published assets matching the filters: what a draw now would freeze. */
function candidates(knex: Knex, partnershipId: string, f: FrameFilters) {
  const q = knex('asset as a')
    .select(
      'a.id as asset_id', 'a.version as asset_version', 'a.name', 'a.category', 'a.organisation_id',
      knex.raw(`coalesce(array_agg(x.site_id ORDER BY x.site_id) FILTER (WHERE x.site_id IS NOT NULL), '{}'::uuid[]) AS site_ids`),
      knex.raw('EXISTS (SELECT 1 FROM asset_version v WHERE v.asset_id = a.id AND v.version = a.version) AS has_version'),
    )
    .leftJoin('asset_site as x', 'x.asset_id', 'a.id')
    .where('a.partnership_id', partnershipId)
    .where('a.status', 'published')
    .groupBy('a.id');
  if (f.categories.length) q.whereIn('a.category', f.categories);
  if (f.whoFor.length) q.where(knex.raw('a.who_for && ?::text[]', [f.whoFor]));
  if (f.organisationKinds.length) q.whereIn('a.organisation_id', knex('organisation').select('id').whereIn('kind', f.organisationKinds));
  // Area membership uses the public point: a frame is shown to researchers, who may not learn a sensitive site's place.
  if (f.areaCodes.length) {
    q.whereIn(
      'a.id',
      knex('asset_site as y').select('y.asset_id').join('site as s', 's.id', 'y.site_id')
        .join('area as ar', (j) => j.on(knex.raw('ST_Intersects(ar.geom, s.geom_public)'))).whereIn('ar.code', f.areaCodes),
    );
  }
  return q;
}

/** A frame asset as the draw and the pairs need it: the pinned version, name, first site. */
export type PinnedAsset = FrameAsset & { version: number; name: string };

type FrameDbRow = { asset_id: string; asset_version: number; name: string; category: string; organisation_id: string | null; site_ids: string[] };
const toPinned = (r: FrameDbRow): PinnedAsset => ({ id: r.asset_id, version: r.asset_version, name: r.name, category: r.category, organisationId: r.organisation_id, siteIds: r.site_ids });

export async function previewFrame(knex: Knex, partnershipId: string, f: FrameFilters): Promise<PinnedAsset[]> {
  return ((await candidates(knex, partnershipId, f)) as FrameDbRow[]).map(toPinned);
}

/**
 * Freeze the frame: give each candidate whose current version has no asset_version row
 * (records loaded in bulk) one now, then store the (asset, version) list.
 */
export async function snapshotFrame(trx: Knex.Transaction, campaignId: string, partnershipId: string, f: FrameFilters, actorId: string | null): Promise<PinnedAsset[]> {
  const rows = (await candidates(trx, partnershipId, f)) as (FrameDbRow & { has_version: boolean })[];
  const missing = rows.filter((r) => !r.has_version).map((r) => r.asset_id);
  await snapshotVersions(trx, missing, actorId, { ifMissing: true });
  await trx('campaign_frame').insert({
    campaign_id: campaignId,
    asset_ids: trx.raw('?::uuid[]', [rows.map((r) => r.asset_id)]),
    asset_versions: trx.raw('?::int[]', [rows.map((r) => r.asset_version)]),
  });
  return rows.map(toPinned);
}

/** The frozen frame, each asset as its pinned version recorded it. */
export async function frameOf(knex: Knex, campaignId: string): Promise<PinnedAsset[]> {
  const { rows } = await knex.raw(
    `SELECT v.asset_id, v.version AS asset_version, v.snapshot->>'name' AS name, v.snapshot->>'category' AS category,
            (v.snapshot->>'organisation_id')::uuid AS organisation_id,
            coalesce(ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(v.snapshot->'sites') e), '{}'::uuid[]) AS site_ids
     FROM campaign_frame f
     CROSS JOIN LATERAL unnest(f.asset_ids, f.asset_versions) AS u(asset_id, version)
     JOIN asset_version v ON v.asset_id = u.asset_id AND v.version = u.version
     WHERE f.campaign_id = ?`,
    [campaignId],
  );
  return (rows as FrameDbRow[]).map(toPinned);
}

export type PairInsert = { pairNumber: number; stratum: string; a: PinnedAsset; b: PinnedAsset };

/** All pairs in one statement per 2,000 (arrays unnested in SQL). */
export async function insertPairs(trx: Knex.Transaction, campaignId: string, pairs: PairInsert[]): Promise<void> {
  for (let i = 0; i < pairs.length; i += 2000) {
    const chunk = pairs.slice(i, i + 2000);
    const col = <T>(get: (p: PairInsert) => T) => chunk.map(get);
    await trx.raw(
      `INSERT INTO campaign_pair (campaign_id, pair_number, stratum, a_asset_id, a_version, a_name, a_category, a_site_id,
                                  b_asset_id, b_version, b_name, b_category, b_site_id)
       SELECT ?, * FROM unnest(?::int[], ?::text[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::uuid[])`,
      [
        campaignId, col((p) => p.pairNumber), col((p) => p.stratum),
        col((p) => p.a.id), col((p) => p.a.version), col((p) => p.a.name), col((p) => p.a.category), col((p) => p.a.siteIds[0] ?? null),
        col((p) => p.b.id), col((p) => p.b.version), col((p) => p.b.name), col((p) => p.b.category), col((p) => p.b.siteIds[0] ?? null),
      ],
    );
  }
}

/** Services that agreed to have their own figures published (issue 21, item 3). */
export async function agreedServices(knex: Knex): Promise<Set<string>> {
  const rows = await knex('service_publication_agreement').select('asset_id');
  return new Set(rows.map((r: { asset_id: string }) => r.asset_id));
}

/** A digest of the agreements, for the results cache's version. */
export async function agreementsDigest(knex: Knex): Promise<string> {
  const { rows } = await knex.raw(`SELECT count(*)::int AS n, coalesce(max(agreed_at)::text, '') AS latest, coalesce(md5(string_agg(asset_id::text, ',' ORDER BY asset_id)), '') AS ids FROM service_publication_agreement`);
  return `${rows[0].n}|${rows[0].latest}|${rows[0].ids}`;
}

export async function listAgreements(knex: Knex, partnershipId: string) {
  return knex('service_publication_agreement as g')
    .select('g.asset_id as assetId', 'a.name', 'g.agreed_at as agreedAt', 'u.display_name as recordedBy', 'g.note')
    .join('asset as a', 'a.id', 'g.asset_id').leftJoin('app_user as u', 'u.id', 'g.recorded_by')
    .where('a.partnership_id', partnershipId).orderBy('a.name').orderBy('g.asset_id');
}

export async function assetInPartnership(knex: Knex, partnershipId: string, assetId: string): Promise<boolean> {
  return Boolean(await knex('asset').select('id').where({ id: assetId, partnership_id: partnershipId }).first());
}

export async function setAgreement(trx: Knex.Transaction, assetId: string, agreed: boolean, by: string | null, note: string | null): Promise<void> {
  if (!agreed) {
    await trx('service_publication_agreement').where({ asset_id: assetId }).delete();
    return;
  }
  await trx.raw(
    `INSERT INTO service_publication_agreement (asset_id, recorded_by, note) VALUES (?, ?, ?)
     ON CONFLICT (asset_id) DO UPDATE SET recorded_by = EXCLUDED.recorded_by, note = EXCLUDED.note, agreed_at = now()`,
    [assetId, by, note],
  );
}

export type MethodPairRow = {
  id: string; pairNumber: number; status: 'open' | 'reached' | 'unreachable' | 'declined'; outcome: number | null;
  gaveContact: boolean | null; gaveReferral: boolean | null; callerId: string | null; failedAttempts: string[];
};

/** Each pair with its components, its closing caller (else the assigned one) and its failed attempts' times. */
export async function methodPairs(knex: Knex, campaignId: string): Promise<MethodPairRow[]> {
  const { rows } = await knex.raw(
    `SELECT p.id, p.pair_number AS "pairNumber", p.status, p.outcome, p.gave_contact AS "gaveContact", p.gave_referral AS "gaveReferral",
            coalesce((SELECT t.recorded_by FROM campaign_attempt t WHERE t.pair_id = p.id ORDER BY t.attempt_number DESC LIMIT 1), x.caller_id) AS "callerId",
            coalesce((SELECT json_agg(t.attempted_at ORDER BY t.attempt_number) FROM campaign_attempt t
                      WHERE t.pair_id = p.id AND t.result NOT IN ('answered', 'replied', 'declined')), '[]'::json) AS "failedAttempts"
     FROM campaign_pair p LEFT JOIN campaign_assignment x ON x.pair_id = p.id
     WHERE p.campaign_id = ? ORDER BY p.pair_number`,
    [campaignId],
  );
  return rows;
}

export async function secondCodings(knex: Knex, campaignId: string) {
  return knex('campaign_second_coding as s')
    .select('s.pair_id as pairId', 's.coder_id as coderId', 's.outcome', 's.gave_contact as gaveContact', 's.gave_referral as gaveReferral')
    .join('campaign_pair as p', 'p.id', 's.pair_id').where('p.campaign_id', campaignId);
}

export async function insertSecondCoding(trx: Knex.Transaction, c: { pairId: string; coderId: string; outcome: number; gaveContact: boolean; gaveReferral: boolean }): Promise<boolean> {
  const { rows } = await trx.raw(
    `INSERT INTO campaign_second_coding (pair_id, coder_id, outcome, gave_contact, gave_referral) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (pair_id) DO NOTHING RETURNING pair_id`,
    [c.pairId, c.coderId, c.outcome, c.gaveContact, c.gaveReferral],
  );
  return rows.length > 0;
}
