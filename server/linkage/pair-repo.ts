import type { Knex } from 'knex';
import type { SiteRow } from '../assets/repo';
import type { AttemptMode, AttemptResult, PairStatus, Rubric, Scripts, Approach } from './types';

/** Pairs, assignments, attempts, worklists and the map's pathway rows (knex only). */

/** Join each end's pinned version (`va`, `vb`): names and categories as they were at the draw. */
function joinPinned<Q extends Knex.QueryBuilder>(q: Q): Q {
  return q
    .join('asset_version as va', (j) => j.on('va.asset_id', 'p.a_asset_id').andOn('va.version', 'p.a_version'))
    .join('asset_version as vb', (j) => j.on('vb.asset_id', 'p.b_asset_id').andOn('vb.version', 'p.b_version')) as Q;
}

/** A pair as the results read it: declined pairs (missing data, issue 21 item 11) are left out of every rate. */
export type PairResultRow = {
  id: string; pairNumber: number; stratum: string; aId: string; bId: string; aVersion: number; bVersion: number;
  aName: string; bName: string; aCategory: string; bCategory: string; status: Exclude<PairStatus, 'declined'>; outcome: number | null; attemptsMade: number;
};
export type ExportPairRow = Omit<PairResultRow, 'status'> & { status: PairStatus };

function pairBase(knex: Knex) {
  return knex('campaign_pair as p').select(
    'p.id', 'p.pair_number as pairNumber', 'p.stratum', 'p.a_asset_id as aId', 'p.b_asset_id as bId', 'p.a_version as aVersion', 'p.b_version as bVersion',
    'p.a_name as aName', 'p.b_name as bName', 'p.a_category as aCategory', 'p.b_category as bCategory',
    'p.status', 'p.outcome', 'p.attempts_made as attemptsMade',
  );
}

/**
 * Every pair of a campaign for the results. Fetched as one JSON array (a row per pair is
 * 3–4 times slower to hand back on the embedded engine at 5,000 pairs, measured).
 */
export async function pairsForResults(knex: Knex, campaignId: string): Promise<PairResultRow[]> {
  return (await pairsForExport(knex, campaignId)).filter((p): p is PairResultRow => p.status !== 'declined');
}

/** Every pair of a campaign, declined ones too (pairs.csv). */
export async function pairsForExport(knex: Knex, campaignId: string): Promise<ExportPairRow[]> {
  const { rows } = await knex.raw(
    `SELECT coalesce(json_agg(json_build_array(p.id, p.pair_number, p.stratum, p.a_asset_id, p.b_asset_id, p.a_version, p.b_version,
              p.a_name, p.b_name, p.a_category, p.b_category, p.status, p.outcome, p.attempts_made) ORDER BY p.pair_number), '[]')::text AS pairs
     FROM campaign_pair p WHERE p.campaign_id = ?`,
    [campaignId],
  );
  return (JSON.parse(rows[0].pairs) as unknown[][]).map(([id, pairNumber, stratum, aId, bId, aVersion, bVersion, aName, bName, aCategory, bCategory, status, outcome, attemptsMade]) => ({
    id, pairNumber, stratum, aId, bId, aVersion, bVersion, aName, bName, aCategory, bCategory, status, outcome, attemptsMade,
  }) as ExportPairRow);
}

export type TeamPairRow = ExportPairRow & {
  gaveContact: boolean | null; gaveReferral: boolean | null;
  aOrganisation: string | null; bOrganisation: string | null; callerId: string | null; callerName: string | null;
};

export async function listPairs(knex: Knex, campaignId: string, f: { status?: PairStatus; callerId?: string; limit: number; offset: number }): Promise<{ rows: TeamPairRow[]; total: number }> {
  const q = joinPinned(pairBase(knex))
    .select('x.caller_id as callerId', 'u.display_name as callerName', 'oa.name as aOrganisation', 'ob.name as bOrganisation', 'p.gave_contact as gaveContact', 'p.gave_referral as gaveReferral')
    .leftJoin('campaign_assignment as x', 'x.pair_id', 'p.id')
    .leftJoin('app_user as u', 'u.id', 'x.caller_id')
    .leftJoin('organisation as oa', knex.raw(`oa.id = (va.snapshot->>'organisation_id')::uuid`))
    .leftJoin('organisation as ob', knex.raw(`ob.id = (vb.snapshot->>'organisation_id')::uuid`))
    .where('p.campaign_id', campaignId);
  if (f.status) q.where('p.status', f.status);
  if (f.callerId === 'none') q.whereNull('x.caller_id');
  else if (f.callerId) q.where('x.caller_id', f.callerId);
  const [{ total }] = await q.clone().clearSelect().clearOrder().count({ total: '*' });
  const rows = await q.orderBy('p.pair_number').limit(f.limit).offset(f.offset);
  return { rows, total: Number(total) };
}

export type AttemptRow = {
  id: string; pairId: string; attemptNumber: number; attemptedAt: Date; mode: AttemptMode; result: AttemptResult; outcome: number | null;
  gaveContact: boolean | null; gaveReferral: boolean | null; note: string | null; recordedBy: string | null; recordedByName: string | null; clientRequestId: string | null;
};

function attemptQuery(knex: Knex) {
  return knex('campaign_attempt as t')
    .select('t.id', 't.pair_id as pairId', 't.attempt_number as attemptNumber', 't.attempted_at as attemptedAt', 't.mode', 't.result', 't.outcome', 't.note', 't.gave_contact as gaveContact', 't.gave_referral as gaveReferral',
      't.recorded_by as recordedBy', 'u.display_name as recordedByName', 't.client_request_id as clientRequestId')
    .leftJoin('app_user as u', 'u.id', 't.recorded_by')
    .orderBy('t.pair_id').orderBy('t.attempt_number');
}

export async function attemptsOfPairs(knex: Knex, pairIds: string[]): Promise<AttemptRow[]> {
  if (!pairIds.length) return [];
  return attemptQuery(knex).whereIn('t.pair_id', pairIds);
}

export async function attemptsOfCampaign(knex: Knex, campaignId: string): Promise<(AttemptRow & { pairNumber: number })[]> {
  return attemptQuery(knex).select('p.pair_number as pairNumber').join('campaign_pair as p', 'p.id', 't.pair_id').where('p.campaign_id', campaignId).clearOrder().orderBy('p.pair_number').orderBy('t.attempt_number');
}

/** Callers (assigned or recording) of a campaign, in a stable order for C1, C2 … codes. */
export async function campaignCallerIds(knex: Knex, campaignId: string): Promise<string[]> {
  const rows = await knex.raw(
    `SELECT DISTINCT id FROM (
       SELECT x.caller_id AS id FROM campaign_assignment x JOIN campaign_pair p ON p.id = x.pair_id WHERE p.campaign_id = ?
       UNION SELECT t.recorded_by FROM campaign_attempt t JOIN campaign_pair p ON p.id = t.pair_id WHERE p.campaign_id = ? AND t.recorded_by IS NOT NULL
     ) c ORDER BY id`,
    [campaignId, campaignId],
  );
  return rows.rows.map((r: { id: string }) => r.id);
}

export async function assignmentsOfCampaign(knex: Knex, campaignId: string): Promise<Map<string, string>> {
  const rows = await knex('campaign_assignment as x').select('x.pair_id', 'x.caller_id').join('campaign_pair as p', 'p.id', 'x.pair_id').where('p.campaign_id', campaignId);
  return new Map(rows.map((r: { pair_id: string; caller_id: string }) => [r.pair_id, r.caller_id]));
}

export async function activeCallers(knex: Knex, id?: string): Promise<{ id: string; displayName: string; role: 'researcher' | 'volunteer' }[]> {
  const q = knex('app_user').select('id', 'display_name as displayName', 'role').where('active', true).whereIn('role', ['researcher', 'volunteer']).orderBy('display_name');
  if (id) q.where({ id });
  return q;
}

export async function pairStatuses(trx: Knex.Transaction, campaignId: string, pairIds: string[]): Promise<Map<string, PairStatus>> {
  const rows = await trx('campaign_pair').select('id', 'status').where('campaign_id', campaignId).whereIn('id', pairIds);
  return new Map(rows.map((r: { id: string; status: PairStatus }) => [r.id, r.status]));
}

export async function nextUnassigned(trx: Knex.Transaction, campaignId: string, count: number): Promise<string[]> {
  const rows = await trx('campaign_pair as p').select('p.id').leftJoin('campaign_assignment as x', 'x.pair_id', 'p.id')
    .where('p.campaign_id', campaignId).where('p.status', 'open').whereNull('x.id').orderBy('p.pair_number').limit(count);
  return rows.map((r: { id: string }) => r.id);
}

export async function assign(trx: Knex.Transaction, pairIds: string[], callerId: string, by: string | null): Promise<void> {
  for (let i = 0; i < pairIds.length; i += 1000) {
    await trx.raw(
      `INSERT INTO campaign_assignment (pair_id, caller_id, assigned_by)
       SELECT unnest(?::uuid[]), ?, ?
       ON CONFLICT (pair_id) DO UPDATE SET caller_id = EXCLUDED.caller_id, assigned_by = EXCLUDED.assigned_by, assigned_at = now()
       WHERE campaign_assignment.caller_id <> EXCLUDED.caller_id`,
      [pairIds.slice(i, i + 1000), callerId, by],
    );
  }
}

export async function unassign(trx: Knex.Transaction, pairIds: string[]): Promise<void> {
  await trx('campaign_assignment').whereIn('pair_id', pairIds).delete();
}

export type WorklistRow = {
  pairId: string; campaignId: string; campaignName: string; approach: Approach; scripts: Scripts; rubric: Rubric; pairNumber: number;
  status: PairStatus; outcome: number | null; aSnapshot: Record<string, unknown> & { sites?: { id: string }[] };
  aOrganisation: string | null; bId: string; bName: string; bCategory: string; bOrganisation: string | null;
};

export async function worklist(knex: Knex, callerId: string, campaignId?: string): Promise<WorklistRow[]> {
  const q = joinPinned(knex('campaign_assignment as x')
    .join('campaign_pair as p', 'p.id', 'x.pair_id'))
    .select('p.id as pairId', 'p.campaign_id as campaignId', 'c.name as campaignName', 'c.approach', 'c.scripts', 'c.rubric', 'p.pair_number as pairNumber',
      'p.status', 'p.outcome', 'va.snapshot as aSnapshot', 'oa.name as aOrganisation', 'p.b_asset_id as bId',
      'p.b_name as bName', 'p.b_category as bCategory', 'ob.name as bOrganisation')
    .join('campaign as c', 'c.id', 'p.campaign_id')
    .leftJoin('organisation as oa', knex.raw(`oa.id = (va.snapshot->>'organisation_id')::uuid`))
    .leftJoin('organisation as ob', knex.raw(`ob.id = (vb.snapshot->>'organisation_id')::uuid`))
    .where('x.caller_id', callerId)
    .where('c.status', 'in_progress')
    .orderByRaw(`(p.status = 'open') DESC`).orderBy('c.created_at').orderBy('p.pair_number');
  if (campaignId) q.where('c.id', campaignId);
  return q;
}

export async function sitesById(knex: Knex, ids: string[]): Promise<SiteRow[]> {
  if (!ids.length) return [];
  return knex('site').select('id', 'sensitive', 'venue_name as venueName', 'address', 'postcode', 'location_precision as maskPrecision',
    knex.raw('ST_Y(geom) AS lat'), knex.raw('ST_X(geom) AS lng'), knex.raw('ST_Y(geom_grid) AS "gridLat"'), knex.raw('ST_X(geom_grid) AS "gridLng"'))
    .whereIn('id', ids);
}

export type LockedPair = {
  id: string; campaignId: string; status: PairStatus; attemptsMade: number; maxAttempts: number; callerId: string | null;
};

export async function lockPair(trx: Knex.Transaction, pairId: string): Promise<LockedPair | undefined> {
  return trx('campaign_pair as p')
    .select('p.id', 'p.campaign_id as campaignId', 'p.status', 'p.attempts_made as attemptsMade',
      trx.raw(`(c.rubric->>'maxAttempts')::int AS "maxAttempts"`), 'x.caller_id as callerId')
    .join('campaign as c', 'c.id', 'p.campaign_id')
    .leftJoin('campaign_assignment as x', 'x.pair_id', 'p.id')
    .where('p.id', pairId)
    .forUpdate('p')
    .first();
}

export async function attemptByClientRequest(trx: Knex.Transaction, recordedBy: string, clientRequestId: string): Promise<AttemptRow | undefined> {
  return attemptQuery(trx).where('t.recorded_by', recordedBy).where('t.client_request_id', clientRequestId).first();
}

/**
 * The attempt, unless this caller already used its clientRequestId (then null, and nothing
 * written): the unique index on (recorded_by, client_request_id) decides, and a concurrent
 * insert with the same key is waited for, so two requests can never both write.
 */
export async function insertAttempt(trx: Knex.Transaction, a: { pairId: string; attemptNumber: number; attemptedAt: Date; mode: string; result: string; outcome: number | null; gaveContact: boolean | null; gaveReferral: boolean | null; note: string | null; recordedBy: string; clientRequestId: string | null }): Promise<string | null> {
  const { rows } = await trx.raw(
    `INSERT INTO campaign_attempt (pair_id, attempt_number, attempted_at, mode, result, outcome, gave_contact, gave_referral, note, recorded_by, client_request_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (recorded_by, client_request_id) WHERE client_request_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [a.pairId, a.attemptNumber, a.attemptedAt, a.mode, a.result, a.outcome, a.gaveContact, a.gaveReferral, a.note, a.recordedBy, a.clientRequestId],
  );
  return rows[0]?.id ?? null;
}

export async function updatePair(trx: Knex.Transaction, id: string, p: { status: PairStatus; outcome: number | null; attemptsMade: number }, components: { gaveContact: boolean | null; gaveReferral: boolean | null } = { gaveContact: null, gaveReferral: null }): Promise<void> {
  await trx('campaign_pair').where({ id }).update({
    status: p.status, outcome: p.outcome, attempts_made: p.attemptsMade, closed_at: p.status === 'open' ? null : trx.fn.now(),
    gave_contact: components.gaveContact, gave_referral: components.gaveReferral,
  });
}

export type PathwayRow = PairResultRow & {
  aLng: number | null; aLat: number | null; bLng: number | null; bLat: number | null;
  aSensitive: boolean | null; bSensitive: boolean | null;
  /** The masking cell a sensitive end's public point stands for (grid_1km, grid_2km or outward_code). */
  aMaskPrecision: string | null; bMaskPrecision: string | null;
};

/**
 * Each pair with its ends' points: each end's first site at the draw, from `geom`
 * for viewers who may see exact places and from `geom_public` (the grid-cell centre of a
 * sensitive site) for everyone else. The column is chosen here; nothing exact leaves
 * for a masked viewer.
 */
export async function pathwayRows(knex: Knex, campaignId: string, access: 'exact' | 'masked'): Promise<PathwayRow[]> {
  const geom = access === 'exact' ? 'geom' : 'geom_public';
  return pairBase(knex)
    .select(
      knex.raw('ST_X(sa.??) AS "aLng"', [geom]), knex.raw('ST_Y(sa.??) AS "aLat"', [geom]), 'sa.sensitive as aSensitive', 'sa.location_precision as aMaskPrecision',
      knex.raw('ST_X(sb.??) AS "bLng"', [geom]), knex.raw('ST_Y(sb.??) AS "bLat"', [geom]), 'sb.sensitive as bSensitive', 'sb.location_precision as bMaskPrecision',
    )
    .leftJoin('site as sa', 'sa.id', 'p.a_site_id')
    .leftJoin('site as sb', 'sb.id', 'p.b_site_id')
    .where('p.campaign_id', campaignId)
    .whereNot('p.status', 'declined')
    .orderBy('p.pair_number');
}
