import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import type { Viewer } from '../auth/viewer';
import { fromZod, httpError, notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import { capacityOf } from '../sampling/capacity';
import { DrawFailed, TooManyPairs, drawWithCapacity } from '../sampling/draw';
import { canonicalFrame, planStrata, stratumKey } from '../sampling/frame';
import { MAX_SEED } from '../stats/random';
import { DEFAULT_RUBRIC, DEFAULT_SCRIPTS } from './defaults';
import { keepsSpacing } from './attempt-spacing';
import { doubleCoded } from './method-extras';
import * as pairRepo from './pair-repo';
import { withReverses } from './reciprocal';
import * as repo from './repo';
import { designSchema, type AssignBody, type CampaignCreate, type CampaignPatch, type PairsQuery } from './schemas';
import type { AssignResult, CampaignList, CampaignView, Caller, DrawResult, FramePreview, OutcomeCode, PairPage } from './types';
import { campaignListItem, campaignView, isTeam, pairView } from './view';

/** Campaign design, draw, assignment and lifecycle (docs/linkage-api.md). */

const campaignClosed = () => httpError('campaign_closed', 'This campaign is closed and read-only.');
const alreadyDrawn = (field: string) => httpError('already_drawn', 'The pairs are drawn: the design, frame and rubric are fixed now.', [{ field, message: 'cannot change after the draw' }]);
const notDrawn = () => httpError('not_drawn', 'This campaign has not been drawn yet.');

export async function loadCampaign(knex: Knex, id: string, viewerId: string | null = null): Promise<repo.CampaignRow> {
  const row = await repo.findCampaign(knex, id, viewerId);
  if (!row) throw notFound('Campaign');
  return row;
}

async function lockWritable(trx: Knex.Transaction, id: string, allow: ('draft' | 'in_progress')[]) {
  const c = await repo.lockCampaign(trx, id);
  if (!c) throw notFound('Campaign');
  if (c.status === 'closed') throw campaignClosed();
  if (!allow.includes(c.status)) throw c.status === 'draft' ? notDrawn() : alreadyDrawn('status');
  return c;
}

export async function listCampaigns(knex: Knex, viewer: Viewer): Promise<CampaignList> {
  const partnership = await currentPartnership(knex);
  const user = viewer.user;
  const scope = isTeam(viewer)
    ? ({ all: true } as const)
    : { closed: user?.role === 'commissioner', published: true, assignedTo: user?.role === 'volunteer' ? user.id : null };
  const rows = await repo.listCampaigns(knex, partnership.id, user?.id ?? null, scope);
  return { items: rows.map((r) => campaignListItem(r, viewer)) };
}

export async function createCampaign(knex: Knex, viewer: Viewer, body: CampaignCreate): Promise<CampaignView> {
  const partnership = await currentPartnership(knex);
  const id = await writeTransaction(knex, actorOf(viewer), (trx) =>
    repo.insertCampaign(trx, {
      partnershipId: partnership.id,
      name: body.name,
      approach: body.approach,
      scripts: { ...DEFAULT_SCRIPTS, ...body.scripts },
      rubric: { ...DEFAULT_RUBRIC, ...body.rubric },
      frameFilters: body.frame,
      design: body.design,
      createdBy: actorOf(viewer),
    }),
  );
  return campaignView(await loadCampaign(knex, id));
}

export async function getCampaign(knex: Knex, id: string): Promise<CampaignView> {
  return campaignView(await loadCampaign(knex, id));
}

export async function updateCampaign(knex: Knex, viewer: Viewer, id: string, patch: CampaignPatch): Promise<CampaignView> {
  await writeTransaction(knex, actorOf(viewer), async (trx) => {
    const locked = await repo.lockCampaign(trx, id);
    if (!locked) throw notFound('Campaign');
    if (locked.status === 'closed') throw campaignClosed();
    const designOnly = (['approach', 'rubric', 'frame', 'design'] as const).find((k) => patch[k] !== undefined);
    if (designOnly && locked.status !== 'draft') throw alreadyDrawn(designOnly);
    const current = (await repo.findCampaign(trx, id))!;
    let design;
    if (patch.design) {
      const merged: Record<string, unknown> = { ...current.design, ...patch.design };
      // New strata without a new total: the total follows the strata.
      if ('strata' in patch.design && !('pairCount' in patch.design)) delete merged.pairCount;
      const parsed = designSchema.safeParse(merged);
      if (!parsed.success) throw fromZod(parsed.error, 'design');
      design = parsed.data;
    }
    await repo.updateCampaign(trx, id, {
      name: patch.name,
      approach: patch.approach,
      scripts: patch.scripts ? { ...current.scripts, ...patch.scripts } : undefined,
      rubric: patch.rubric ? { ...current.rubric, ...patch.rubric } : undefined,
      frameFilters: patch.frame ? { ...current.frameFilters, ...patch.frame } : undefined,
      design,
    });
  });
  return getCampaign(knex, id);
}

export async function framePreview(knex: Knex, id: string): Promise<FramePreview> {
  const c = await loadCampaign(knex, id);
  const snapshot = c.status !== 'draft';
  const frame = canonicalFrame(snapshot ? await repo.frameOf(knex, id) : await repo.previewFrame(knex, c.partnershipId, c.frameFilters));
  const plans = planStrata(frame, c.design);
  const capacity = capacityOf(c.design, plans);
  const byCategory = new Map<string, number>();
  for (const f of frame) byCategory.set(f.category, (byCategory.get(f.category) ?? 0) + 1);
  return {
    snapshot,
    assetCount: frame.length,
    byCategory: [...byCategory].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    strata: plans.map((p, i) => ({
      from: p.from, to: p.to, frameFrom: p.aIndex.length, frameTo: p.bIndex.length, possiblePairs: p.possible,
      maxDrawable: capacity.strata[i].maxDrawable, requested: p.count,
    })),
    maxDrawable: capacity.maxDrawable,
  };
}

export async function drawCampaign(knex: Knex, viewer: Viewer, id: string, seedGiven: number | undefined): Promise<DrawResult> {
  const seed = seedGiven ?? randomInt(0, MAX_SEED + 1);
  const pairsDrawn = await writeTransaction(knex, actorOf(viewer), async (trx) => {
    await lockWritable(trx, id, ['draft']);
    const c = (await repo.findCampaign(trx, id))!;
    const frame = await repo.snapshotFrame(trx, id, c.partnershipId, c.frameFilters, actorOf(viewer));
    let drawn;
    try {
      // Reciprocal pairs: half the pairs are drawn, each then tested both ways.
      drawn = drawWithCapacity(frame, c.design.reciprocal ? { ...c.design, pairCount: c.design.pairCount / 2 } : c.design, seed);
      if (c.design.reciprocal) drawn = { ...drawn, pairs: withReverses(drawn.pairs) };
    } catch (err) {
      // Thrown inside the transaction: the frozen frame is rolled back with it.
      if (err instanceof TooManyPairs) {
        throw httpError('too_many_pairs', `The frame cannot give that many pairs: ${err.message}.`, err.problems.map((p) => ({ field: p.field, message: `at most ${p.maximum} pairs are possible` })));
      }
      if (err instanceof DrawFailed) throw httpError('draw_failed', err.message, [{ field: 'design.maxContactsPerService', message: err.message }]);
      throw err;
    }
    const pinned = new Map(frame.map((f) => [f.id, f]));
    await repo.insertPairs(trx, id, drawn.pairs.map((p) => ({ pairNumber: p.pairNumber, stratum: p.stratum, a: pinned.get(p.aId)!, b: pinned.get(p.bId)! })));
    await repo.updateCampaign(trx, id, {
      status: 'in_progress',
      seed,
      drawnAt: new Date(),
      drawSummary: {
        frameSize: frame.length,
        maxDrawable: drawn.capacity.maxDrawable,
        strata: drawn.plans.map((p, i) => ({
          key: stratumKey(p), from: p.from, to: p.to, possible: p.possible, maxDrawable: drawn.capacity.strata[i].maxDrawable,
          requested: p.count, frameFrom: p.aIndex.length, frameTo: p.bIndex.length,
        })),
      },
    });
    return drawn.pairs.length;
  });
  return { campaign: await getCampaign(knex, id), pairsDrawn };
}

export async function listPairs(knex: Knex, id: string, query: PairsQuery): Promise<PairPage> {
  const c = await loadCampaign(knex, id);
  const { rows, total } = await pairRepo.listPairs(knex, id, query);
  const attempts = await pairRepo.attemptsOfPairs(knex, rows.map((r) => r.id));
  const byPair = new Map<string, pairRepo.AttemptRow[]>();
  for (const a of attempts) byPair.set(a.pairId, [...(byPair.get(a.pairId) ?? []), a]);
  const second = new Map((await repo.secondCodings(knex, id)).map((s: { pairId: string }) => [s.pairId, s]));
  const rule = c.rubric.attemptSpacing;
  const items = rows.map((r) => {
    const failed = (byPair.get(r.id) ?? []).filter((a) => !['answered', 'replied', 'declined'].includes(a.result)).map((a) => new Date(a.attemptedAt));
    const s = second.get(r.id) as { coderId: string; outcome: OutcomeCode; gaveContact: boolean; gaveReferral: boolean } | undefined;
    return pairView(r, byPair.get(r.id) ?? [], {
      doubleCode: doubleCoded(r.pairNumber, c.counts.pairs, c.design),
      secondCoding: s ? { coderId: s.coderId, outcome: s.outcome, gaveContact: s.gaveContact, gaveReferral: s.gaveReferral } : null,
      spacingKept: rule && failed.length >= 2 ? keepsSpacing(failed, rule) : null,
    });
  });
  return { items, limit: query.limit, offset: query.offset, total };
}

export async function callers(knex: Knex): Promise<{ items: Caller[] }> {
  return { items: await pairRepo.activeCallers(knex) };
}

export async function assignPairs(knex: Knex, viewer: Viewer, id: string, body: AssignBody): Promise<AssignResult> {
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    await lockWritable(trx, id, ['in_progress']);
    if (body.callerId && !(await pairRepo.activeCallers(trx, body.callerId)).length) {
      throw httpError('invalid_reference', 'Callers are active researchers or volunteers.', [{ field: 'callerId', message: 'is not an active researcher or volunteer' }]);
    }
    let pairIds: string[];
    if (body.pairIds) {
      pairIds = [...new Set(body.pairIds)];
      const statuses = await pairRepo.pairStatuses(trx, id, pairIds);
      const problems = body.pairIds.flatMap((p, i) => {
        const s = statuses.get(p);
        if (!s) return [{ field: `pairIds.${i}`, message: 'is not a pair of this campaign' }];
        return s === 'open' ? [] : [{ field: `pairIds.${i}`, message: `is already ${s}` }];
      });
      if (problems.length) throw httpError('invalid_reference', 'Only open pairs of this campaign can be assigned.', problems);
    } else {
      pairIds = await pairRepo.nextUnassigned(trx, id, body.count!);
    }
    if (body.callerId) await pairRepo.assign(trx, pairIds, body.callerId, actorOf(viewer));
    else await pairRepo.unassign(trx, pairIds);
    return { assigned: pairIds.length, pairIds };
  });
}

export async function closeCampaign(knex: Knex, viewer: Viewer, id: string): Promise<CampaignView> {
  await writeTransaction(knex, actorOf(viewer), async (trx) => {
    await lockWritable(trx, id, ['in_progress']);
    await repo.updateCampaign(trx, id, { status: 'closed', closedAt: new Date() });
  });
  return getCampaign(knex, id);
}

export async function setPublished(knex: Knex, viewer: Viewer, id: string, published: boolean): Promise<CampaignView> {
  await writeTransaction(knex, actorOf(viewer), async (trx) => {
    const c = await repo.lockCampaign(trx, id);
    if (!c) throw notFound('Campaign');
    if (c.status !== 'closed') throw httpError('not_closed', 'Only a closed campaign can be published.');
    if (c.published === published) return;
    await repo.updateCampaign(trx, id, { published, publishedAt: published ? new Date() : null });
  });
  return getCampaign(knex, id);
}
