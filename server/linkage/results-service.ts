import type { LocationPrecision } from '../assets/view';
import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { badRequest, httpError, HttpError, notFound } from '../http/errors';
import { ATTEMPT_COLUMNS, CODEBOOK_COLUMNS, PAIR_COLUMNS, VERSION_CELLS, codebookFor, toCsv } from './export';
import * as pairRepo from './pair-repo';
import type { CampaignRow } from './repo';
import { campaignForResults, type ResultsCampaign } from './results-repo';
import { inclusionCheck } from '../sampling/inclusion';
import { DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES } from '../stats/bootstrap';
import { comparability } from './comparability';
import { METHOD } from './method-version';
import { frameOf } from './repo';
import { compareRates, computeResults, ratesOfPairs, type ResultPair, type StratumInfo } from './results';
import { compareDesigns, holmSecondary } from './results-compare';
import { DEFAULT_PRIMARY, RATE_ORDER } from './results-design';
import { loadCampaign } from './service';
import type { CampaignComparison, CampaignResults, InclusionSummary, PathwayAssetCollection, PathwayCollection, RateKey } from './types';
import { isTeam } from './view';
import { audienceOf, pathwaysForAudience } from './method-service';
import { agreedServices } from './repo';

/**
 * Who may read a campaign's results: the team once drawn (interim figures while in
 * progress), commissioners once closed, anyone once published. Others get 404, so
 * unpublished campaigns are not revealed. Results never carry notes or callers' names.
 */
export async function readableCampaign(knex: Knex, viewer: Viewer, id: string): Promise<ResultsCampaign> {
  const c = await campaignForResults(knex, id);
  if (!c) throw notFound('Campaign');
  if (isTeam(viewer)) {
    if (c.status === 'draft') throw httpError('not_drawn', 'This campaign has not been drawn yet.');
    return c;
  }
  if (c.published) return c;
  if (viewer.user?.role === 'commissioner' && c.status === 'closed') return c;
  throw notFound('Campaign');
}

/** Pair-level exports: the team, and commissioners for closed campaigns. */
async function exportableCampaign(knex: Knex, viewer: Viewer, id: string): Promise<CampaignRow> {
  const c = await loadCampaign(knex, id);
  if (isTeam(viewer)) {
    if (c.status === 'draft') throw httpError('not_drawn', 'This campaign has not been drawn yet.');
    return c;
  }
  if (c.status === 'closed') return c;
  throw notFound('Campaign');
}

const toResultPair = (p: pairRepo.PairResultRow): ResultPair => ({
  aId: p.aId, bId: p.bId, aName: p.aName, bName: p.bName, aCategory: p.aCategory, bCategory: p.bCategory, stratum: p.stratum, status: p.status, outcome: p.outcome,
});

function strataInfo(c: ResultsCampaign): StratumInfo[] {
  return (c.drawSummary?.strata ?? []).map((s) => ({ key: s.key, from: s.from, to: s.to, possible: s.possible, requested: s.requested }));
}

const header = (c: ResultsCampaign): CampaignResults['campaign'] => ({
  id: c.id, name: c.name, approach: c.approach, status: c.status, published: c.published,
  drawnAt: c.drawnAt ? new Date(c.drawnAt).toISOString() : null, closedAt: c.closedAt ? new Date(c.closedAt).toISOString() : null, seed: c.seed,
});

/** The campaign's primary rate, when its design names one (link2's design.primary.metric), else the method's default. */
export function primaryOf(c: { design: object }): RateKey {
  const named = (c.design as { primary?: { metric?: unknown } }).primary?.metric;
  return typeof named === 'string' && (RATE_ORDER as string[]).includes(named) ? (named as RateKey) : DEFAULT_PRIMARY;
}

/** Draws re-run to check inclusion probabilities under a cap: up to 200, at most ~200,000 pairs drawn in all. */
const inclusionRuns = (pairCount: number) => Math.max(20, Math.min(200, Math.floor(200_000 / Math.max(1, pairCount))));

/**
 * The frame, design and seed are fixed at the draw, so a campaign's inclusion check never
 * changes: it is worked out once per process (the re-draws take a second or more) and kept.
 */
const inclusionMemo = new Map<string, InclusionSummary>();
const INCLUSION_MEMO_SIZE = 200;

async function inclusionOf(knex: Knex, c: ResultsCampaign): Promise<InclusionSummary | null> {
  if (c.seed === null || c.design.maxContactsPerService === null) return null;
  const key = `${c.id}|${c.seed}|${c.drawnAt ? new Date(c.drawnAt).toISOString() : ''}`;
  const known = inclusionMemo.get(key);
  if (known) return known;
  const check = inclusionCheck(await frameOf(knex, c.id), c.design, c.seed, inclusionRuns(c.design.pairCount));
  const summary: InclusionSummary = { method: check.method, runs: check.runs, minRatio: check.minRatio, maxRatio: check.maxRatio, correlationWithAllowed: check.correlationWithAllowed, unequal: check.unequal };
  if (inclusionMemo.size >= INCLUSION_MEMO_SIZE) inclusionMemo.delete(inclusionMemo.keys().next().value!);
  inclusionMemo.set(key, summary);
  return summary;
}

export async function resultsOf(knex: Knex, c: ResultsCampaign): Promise<CampaignResults> {
  const pairs = (await pairRepo.pairsForResults(knex, c.id)).map(toResultPair);
  return computeResults(header(c), pairs, strataInfo(c), { stratified: c.design.strata.length > 0, primary: primaryOf(c), inclusion: await inclusionOf(knex, c) });
}

export async function campaignResults(knex: Knex, viewer: Viewer, id: string): Promise<CampaignResults> {
  return resultsOf(knex, await readableCampaign(knex, viewer, id));
}

export async function compareCampaigns(knex: Knex, viewer: Viewer, afterId: string, beforeId: string): Promise<CampaignComparison> {
  if (afterId === beforeId) throw badRequest('query.with', 'must be another campaign');
  const after = await readableCampaign(knex, viewer, afterId);
  const before = await readableCampaign(knex, viewer, beforeId).catch((err) => {
    if (err instanceof HttpError && err.status === 404) throw httpError('not_found', 'Campaign not found.', [{ field: 'query.with', message: 'no such campaign you may read' }]);
    throw err;
  });
  const side = async (c: ResultsCampaign) => {
    const pairs = (await pairRepo.pairsForResults(knex, c.id)).map(toResultPair);
    return { pairs, stratified: c.design.strata.length > 0, strata: strataInfo(c).map((h) => ({ key: h.key, possible: h.possible })) };
  };
  const [b, a] = [await side(before), await side(after)];
  const primary = primaryOf(after);
  const summary = (c: ResultsCampaign) => ({ id: c.id, name: c.name, closedAt: c.closedAt ? new Date(c.closedAt).toISOString() : null });
  const basic = compareRates(ratesOfPairs(b.pairs), ratesOfPairs(a.pairs));
  const designed = compareDesigns(b, a, { primary, resamples: DEFAULT_RESAMPLES, seed: DEFAULT_BOOTSTRAP_SEED });
  const rawHolm = holmSecondary(basic.map((r) => r.pValue), basic.map((r) => r.metric !== primary));
  return {
    method: METHOD,
    before: summary(before),
    after: summary(after),
    comparability: comparability(after, before),
    sharedServices: designed.sharedServices,
    primary,
    rows: basic.map((r, k) => ({ ...r, pValueHolm: rawHolm[k], ...designed.rows[k] })),
  };
}

/**
 * Pathway lines (A → B) or the assets in them, for the map. The points come from the
 * repo already masked for viewers who may not see sensitive places (geom_public).
 */
export async function pathways(knex: Knex, viewer: Viewer, id: string, layer: 'lines' | 'assets'): Promise<PathwayCollection | PathwayAssetCollection> {
  const c = await readableCampaign(knex, viewer, id);
  // Per-service publication rule (issue 21, item 3): beyond the team, agreeing services' pathways only.
  return pathwaysForAudience(knex, await pathwaysOf(knex, c, isPrivileged(viewer) ? 'exact' : 'masked', layer), audienceOf(viewer));
}

/** The pathway layer of a campaign the viewer may read, at the access the viewer has ('masked' unless privileged). */
export async function pathwaysOf(knex: Knex, c: ResultsCampaign, access: 'exact' | 'masked', layer: 'lines' | 'assets'): Promise<PathwayCollection | PathwayAssetCollection> {
  const exact = access === 'exact';
  const rows = await pairRepo.pathwayRows(knex, c.id, access);
  const precision = (sensitive: boolean | null, mask: string | null) => (!exact && sensitive ? (mask ?? 'grid_1km') : 'exact') as LocationPrecision;
  if (layer === 'lines') {
    const features: PathwayCollection['features'] = [];
    for (const r of rows) {
      if (r.aLng === null || r.aLat === null || r.bLng === null || r.bLat === null) continue;
      features.push({
        type: 'Feature', id: r.pairNumber,
        geometry: { type: 'LineString', coordinates: [[r.aLng, r.aLat], [r.bLng, r.bLat]] },
        properties: {
          pairId: r.id, pairNumber: r.pairNumber, aAssetId: r.aId, aName: r.aName, aCategory: r.aCategory, bAssetId: r.bId, bName: r.bName, bCategory: r.bCategory,
          status: r.status, outcome: r.outcome as 0 | 1 | 2 | 3 | null, aLocationPrecision: precision(r.aSensitive, r.aMaskPrecision), bLocationPrecision: precision(r.bSensitive, r.bMaskPrecision),
        },
      });
    }
    return { type: 'FeatureCollection', features };
  }
  const results = computeResults(header(c), rows.map(toResultPair), strataInfo(c), { stratified: false, resamples: 1 });
  const points = new Map<string, { lng: number; lat: number; sensitive: boolean | null; mask: string | null }>();
  for (const r of rows) {
    if (r.aLng !== null && r.aLat !== null) points.set(r.aId, { lng: r.aLng, lat: r.aLat, sensitive: r.aSensitive, mask: r.aMaskPrecision });
    if (r.bLng !== null && r.bLat !== null) points.set(r.bId, { lng: r.bLng, lat: r.bLat, sensitive: r.bSensitive, mask: r.bMaskPrecision });
  }
  const features: PathwayAssetCollection['features'] = [];
  for (const a of results.assets) {
    const p = points.get(a.assetId);
    if (!p) continue;
    features.push({
      type: 'Feature', id: features.length + 1, geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
      properties: { ...a, contactedUnreachable: a.reach.n > 0 && a.reach.x === 0, locationPrecision: precision(p.sensitive, p.mask) },
    });
  }
  return { type: 'FeatureCollection', features };
}

async function callerCodes(knex: Knex, campaignId: string): Promise<Map<string, string>> {
  const ids = await pairRepo.campaignCallerIds(knex, campaignId);
  return new Map(ids.map((id, i) => [id, `C${i + 1}`]));
}

export async function pairsCsv(knex: Knex, viewer: Viewer, id: string): Promise<string> {
  const c = await exportableCampaign(knex, viewer, id);
  const pairs = await pairRepo.pairsForExport(knex, c.id);
  const attempts = await pairRepo.attemptsOfCampaign(knex, c.id);
  // Beyond the campaign team, a service is named only if it agreed to publication (issue 21, item 3).
  const agreed = isTeam(viewer) ? null : await agreedServices(knex);
  const shown = (assetId: string) => agreed === null || agreed.has(assetId);
  const assigned = await pairRepo.assignmentsOfCampaign(knex, c.id);
  const codes = await callerCodes(knex, c.id);
  const times = new Map<string, { first: Date; last: Date }>();
  for (const a of attempts) {
    const t = times.get(a.pairId);
    times.set(a.pairId, { first: t?.first ?? a.attemptedAt, last: a.attemptedAt });
  }
  const indicator = (p: pairRepo.ExportPairRow, min: number) => (p.status === 'open' || p.status === 'declined' ? null : p.status === 'reached' && p.outcome! >= min ? 1 : 0);
  return toCsv(PAIR_COLUMNS, pairs.map((p) => ({
    campaign_id: c.id, pair_id: p.id, pair_number: p.pairNumber, stratum: p.stratum,
    a_asset_id: shown(p.aId) ? p.aId : null, a_name: shown(p.aId) ? p.aName : null, a_version: shown(p.aId) ? p.aVersion : null, a_category: p.aCategory,
    b_asset_id: shown(p.bId) ? p.bId : null, b_name: shown(p.bId) ? p.bName : null, b_version: shown(p.bId) ? p.bVersion : null, b_category: p.bCategory,
    status: p.status, outcome: p.outcome,
    reached: p.status === 'open' || p.status === 'declined' ? null : p.status === 'reached' ? 1 : 0, knew: indicator(p, 1), information: indicator(p, 2), referral: indicator(p, 3),
    attempts: p.attemptsMade, first_attempt_at: times.get(p.id)?.first, last_attempt_at: times.get(p.id)?.last,
    caller_code: assigned.has(p.id) ? codes.get(assigned.get(p.id)!) : null, ...VERSION_CELLS,
  })));
}

export async function attemptsCsv(knex: Knex, viewer: Viewer, id: string): Promise<string> {
  const c = await exportableCampaign(knex, viewer, id);
  const attempts = await pairRepo.attemptsOfCampaign(knex, c.id);
  const codes = await callerCodes(knex, c.id);
  return toCsv(ATTEMPT_COLUMNS, attempts.map((a) => ({
    campaign_id: c.id, pair_id: a.pairId, pair_number: a.pairNumber, attempt_number: a.attemptNumber, attempted_at: a.attemptedAt,
    mode: a.mode, result: a.result, outcome: a.outcome, caller_code: a.recordedBy ? codes.get(a.recordedBy) : null, ...VERSION_CELLS,
  })));
}

export async function codebookCsv(knex: Knex, viewer: Viewer, id: string): Promise<string> {
  const c = await exportableCampaign(knex, viewer, id);
  return toCsv(CODEBOOK_COLUMNS, codebookFor(c.rubric));
}
