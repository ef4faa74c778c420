import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { siteView } from '../assets/view';
import { ASSET_CATEGORIES } from '../domain/vocabulary';
import { httpError, notFound } from '../http/errors';
import { pairAfterAttempt, type PairState } from './attempt-rules';
import { nextAttemptAdvice, spacingWords } from './attempt-spacing';
import { NOTES_REMINDER } from './defaults';
import * as pairRepo from './pair-repo';
import { componentsOf, type AttemptBody } from './schemas';
import { fillScript } from './script';
import { REACHING_RESULTS, type AttemptRecorded, type OutcomeCode, type Worklist, type WorklistItem } from './types';
import { attemptView } from './view';

/**
 * What callers see and do. Blinding: a worklist carries only the caller's own assigned
 * pairs in campaigns still in progress, and of each only its own attempts and outcome —
 * never another pair's outcome, never an earlier campaign.
 */
const labelOf = new Map<string, string>(ASSET_CATEGORIES.map((c) => [c.code, c.label]));
const categoryLabel = (code: string) => labelOf.get(code) ?? code;

type Snapshot = {
  name?: string; category?: string; phone?: string | null; email?: string | null; website?: string | null;
  schedule?: WorklistItem['a']['schedule']; schedule_notes?: string | null; sites?: { id: string }[];
};

export async function worklist(knex: Knex, viewer: Viewer, campaignId?: string): Promise<Worklist> {
  const rows = await pairRepo.worklist(knex, viewer.user!.id, campaignId);
  const siteIds = [...new Set(rows.flatMap((r) => ((r.aSnapshot as Snapshot).sites ?? []).map((s) => s.id)))];
  const sites = new Map((await pairRepo.sitesById(knex, siteIds)).map((s) => [s.id, s]));
  const attempts = await pairRepo.attemptsOfPairs(knex, rows.map((r) => r.pairId));
  const masked = !isPrivileged(viewer);
  const items = rows.map((r): WorklistItem => {
    const a = r.aSnapshot as Snapshot;
    const aEnd = { name: a.name ?? '', category: categoryLabel(a.category ?? ''), organisation: r.aOrganisation };
    const bEnd = { name: r.bName, category: categoryLabel(r.bCategory), organisation: r.bOrganisation };
    return {
      pairId: r.pairId, campaignId: r.campaignId, campaignName: r.campaignName, approach: r.approach, pairNumber: r.pairNumber,
      a: {
        assetId: String((a as { id?: string }).id ?? ''), name: aEnd.name, category: a.category ?? '', categoryLabel: aEnd.category,
        organisationName: r.aOrganisation, phone: a.phone ?? null, email: a.email ?? null, website: a.website ?? null,
        schedule: a.schedule ?? [], scheduleNotes: a.schedule_notes ?? null,
        sites: (a.sites ?? []).flatMap((s) => {
          const live = sites.get(s.id);
          if (!live) return [];
          const v = siteView(live, masked);
          return [{ venueName: v.venueName, address: v.address, postcode: v.postcode, locationPrecision: v.locationPrecision }];
        }),
      },
      b: { assetId: r.bId, name: r.bName, category: r.bCategory, categoryLabel: bEnd.category },
      script: fillScript(r.scripts[r.approach], { A: aEnd, B: bEnd }),
      status: r.status,
      outcome: r.outcome as OutcomeCode | null,
      maxAttempts: r.rubric.maxAttempts,
      attempts: attempts.filter((t) => t.pairId === r.pairId).map((t) => {
        const { recordedBy: _hidden, ...own } = attemptView(t);
        return own;
      }),
      rubric: r.rubric.outcomes,
      attemptSpacing: r.rubric.attemptSpacing ?? null,
      spacingAdvice: r.rubric.attemptSpacing
        ? [spacingWords(r.rubric.attemptSpacing), r.status === 'open' ? nextAttemptAdvice(attempts.filter((t) => t.pairId === r.pairId).map((t) => new Date(t.attemptedAt)), r.rubric.attemptSpacing) : null].filter(Boolean).join(' ')
        : null,
    };
  });
  return { items, notesReminder: NOTES_REMINDER };
}

function recorded(attempt: pairRepo.AttemptRow, pair: { id: string } & PairState, replayed: boolean): AttemptRecorded {
  const { recordedBy: _hidden, ...own } = attemptView(attempt);
  return { attempt: own, pair, replayed };
}

const reusedRequestId = () => httpError('conflict', 'That clientRequestId was used for another pair.', [{ field: 'clientRequestId', message: 'already used for another pair' }]);

/**
 * A resend answers with what its request wrote: that attempt and the pair as that attempt
 * left it (pairAfterAttempt), never the pair's state now — which may hold another caller's
 * outcome after a reassignment. So it is answered even after a reassignment or the close.
 */
function replayOf(earlier: pairRepo.AttemptRow, pairId: string, maxAttempts: number): AttemptRecorded {
  if (earlier.pairId !== pairId) throw reusedRequestId();
  return recorded(earlier, { id: pairId, ...pairAfterAttempt(earlier, maxAttempts) }, true);
}

export async function recordAttempt(knex: Knex, viewer: Viewer, pairId: string, body: AttemptBody): Promise<AttemptRecorded> {
  const me = viewer.user!.id;
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    // The pair's row lock comes first: identical requests queue on it, and each one behind
    // reads (a new snapshot per statement) the attempt the first one committed — so the
    // idempotency check and the write are one step per pair.
    const pair = await pairRepo.lockPair(trx, pairId);
    if (!pair) throw notFound('Pair');
    if (body.clientRequestId) {
      const earlier = await pairRepo.attemptByClientRequest(trx, me, body.clientRequestId);
      if (earlier) return replayOf(earlier, pairId, pair.maxAttempts);
    }
    if (pair.callerId !== me) throw httpError('not_assigned', 'This pair is not assigned to you.');
    // Shares the campaign's row lock with close (FOR UPDATE): no attempt lands after a close.
    const campaign = await trx('campaign').select('status', 'approach').where({ id: pair.campaignId }).forShare().first();
    if (campaign.status === 'closed') throw httpError('campaign_closed', 'This campaign is closed and read-only.');
    // Only a service told what the call is for can decline; a simulated enquiry has no such answer.
    if (body.result === 'declined' && campaign.approach !== 'disclosed') {
      throw httpError('invalid_value', 'Only a disclosed approach can be declined.', [{ field: 'result', message: 'declined is for the disclosed approach only' }]);
    }
    if (pair.status !== 'open') throw httpError('pair_closed', `This pair is already ${pair.status}.`);
    const written = { attemptNumber: pair.attemptsMade + 1, result: body.result, outcome: REACHING_RESULTS.includes(body.result) ? body.outcome! : null };
    const components = written.outcome === null ? { gaveContact: null, gaveReferral: null } : componentsOf(written.outcome, body);
    const after = pairAfterAttempt(written, pair.maxAttempts);
    const id = await pairRepo.insertAttempt(trx, {
      pairId, attemptNumber: written.attemptNumber, attemptedAt: body.attemptedAt, mode: body.mode, result: body.result, outcome: written.outcome,
      ...components, note: body.note || null, recordedBy: me, clientRequestId: body.clientRequestId ?? null,
    });
    if (id === null) {
      // The same key sent at once for another pair (a different row lock): the index let
      // the other request write, and this one is refused as a reuse.
      const other = await pairRepo.attemptByClientRequest(trx, me, body.clientRequestId!);
      return replayOf(other!, pairId, pair.maxAttempts);
    }
    await pairRepo.updatePair(trx, pairId, after, components);
    const [attempt] = (await pairRepo.attemptsOfPairs(trx, [pairId])).filter((a) => a.id === id);
    return recorded(attempt, { id: pairId, ...after }, false);
  });
}
