import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import type { Viewer } from '../auth/viewer';
import { httpError, notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import { methodExtras, doubleCoded } from './method-extras';
import * as pairRepo from './pair-repo';
import { withholdPathways, withholdResults, type Audience } from './publication';
import * as repo from './repo';
import type { ResultsCampaign } from './results-repo';
import { resultsOf } from './results-service';
import type { CampaignComparison, OutcomeCode, PathwayAssetCollection, PathwayCollection, SecondCodingInput } from './types';
import type { CampaignResultsV2, SecondCoded, ServiceAgreement } from './types-v2';
import { isTeam } from './view';

/**
 * Linkage method v2 (issue 21): the per-service publication rule, second coding, and the
 * results' method figures. docs/linkage-ethics.md says why each exists.
 */
export const audienceOf = (viewer: Viewer): Audience => (isTeam(viewer) ? 'team' : 'public');

export async function callerCodes(knex: Knex, campaignId: string): Promise<Map<string, string>> {
  const ids = await pairRepo.campaignCallerIds(knex, campaignId);
  return new Map(ids.map((id, i) => [id, `C${i + 1}`]));
}

/** The results with the method figures, as the campaign team sees them. */
export async function teamResults(knex: Knex, c: ResultsCampaign): Promise<CampaignResultsV2> {
  const base = await resultsOf(knex, c);
  const pairs = (await repo.methodPairs(knex, c.id)).map((p) => ({ ...p, failedAttempts: p.failedAttempts.map((t) => new Date(t)) }));
  const second = await repo.secondCodings(knex, c.id);
  const method = methodExtras(base, c.design, c.rubric, pairs, second, await callerCodes(knex, c.id));
  // Declined pairs are in no rate (pairsForResults leaves them out) but they were drawn.
  return { ...base, counts: { ...base.counts, pairs: base.counts.pairs + method.declined }, method: { ...base.method, ...method } };
}

/** What a viewer outside the campaign team may see of them: per-service figures of agreeing services only. */
export async function forAudience(knex: Knex, results: CampaignResultsV2, audience: Audience): Promise<CampaignResultsV2> {
  return audience === 'team' ? results : withholdResults(results, await repo.agreedServices(knex));
}

export async function pathwaysForAudience(knex: Knex, layer: PathwayCollection | PathwayAssetCollection, audience: Audience) {
  return audience === 'team' ? layer : withholdPathways(layer, await repo.agreedServices(knex));
}

/** Comparison rows marked primary or secondary by the later campaign's pre-specified estimand. */
export function markComparison(comparison: CampaignComparison, c: Pick<ResultsCampaign, 'design'>): CampaignComparison & { rows: (CampaignComparison['rows'][number] & { role: 'primary' | 'secondary' })[] } {
  const primary = c.design.primary;
  const isPrimaryPair = primary && (primary.comparisonWith === null || primary.comparisonWith === comparison.before.id);
  return { ...comparison, rows: comparison.rows.map((r) => ({ ...r, role: isPrimaryPair && r.metric === primary.metric ? 'primary' : 'secondary' })) };
}

export async function listAgreements(knex: Knex): Promise<{ items: ServiceAgreement[] }> {
  const partnership = await currentPartnership(knex);
  const rows = await repo.listAgreements(knex, partnership.id);
  return { items: rows.map((r: ServiceAgreement & { agreedAt: Date | string }) => ({ ...r, agreedAt: new Date(r.agreedAt).toISOString() })) };
}

export async function setAgreement(knex: Knex, viewer: Viewer, body: { assetId: string; agreed: boolean; note?: string }): Promise<{ items: ServiceAgreement[] }> {
  const partnership = await currentPartnership(knex);
  if (!(await repo.assetInPartnership(knex, partnership.id, body.assetId))) {
    throw httpError('invalid_reference', 'No such service in this partnership.', [{ field: 'assetId', message: 'is not a service of this partnership' }]);
  }
  await writeTransaction(knex, actorOf(viewer), (trx) => repo.setAgreement(trx, body.assetId, body.agreed, actorOf(viewer), body.note ?? null));
  return listAgreements(knex);
}

/**
 * A second caller's own coding of a reached, double-coded pair: never the one who recorded
 * the outcome, once per pair, before the close. The answer carries only what was sent.
 */
export async function secondCode(knex: Knex, viewer: Viewer, pairId: string, body: SecondCodingInput): Promise<SecondCoded> {
  const me = viewer.user!.id;
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    const pair = await pairRepo.lockPair(trx, pairId);
    if (!pair) throw notFound('Pair');
    const campaign = await trx('campaign').select('status', 'design').where({ id: pair.campaignId }).forShare().first();
    if (campaign.status === 'closed') throw httpError('campaign_closed', 'This campaign is closed and read-only.');
    if (pair.status !== 'reached') throw httpError('not_reached', 'Only a reached pair has an outcome to code again.');
    const [{ n }] = await trx('campaign_pair').where('campaign_id', pair.campaignId).count({ n: '*' });
    const number = (await trx('campaign_pair').select('pair_number').where({ id: pairId }).first()).pair_number as number;
    if (!doubleCoded(number, Number(n), campaign.design)) throw httpError('not_double_coded', 'This pair is not among the share coded twice.');
    const [last] = (await pairRepo.attemptsOfPairs(trx, [pairId])).slice(-1);
    if (last?.recordedBy === me) throw httpError('same_coder', 'The second coding is made by another caller than the one who recorded the outcome.');
    if (!(await repo.insertSecondCoding(trx, { pairId, coderId: me, ...body }))) throw httpError('already_coded', 'This pair has its second coding already.');
    return { pairId, outcome: body.outcome as OutcomeCode, gaveContact: body.gaveContact, gaveReferral: body.gaveReferral };
  });
}
