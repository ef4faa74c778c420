import type { Knex } from 'knex';
import { setAgreement } from '../server/linkage/method-service';
import type { Viewer } from '../server/auth/viewer';
import { writeTransaction } from '../server/audit/transaction';
import { recordAttempt } from '../server/linkage/caller-service';
import { assignPairs, closeCampaign, createCampaign, drawCampaign, setPublished } from '../server/linkage/service';
import { campaignCreateSchema } from '../server/linkage/schemas';
import { listPairs as listPairRows } from '../server/linkage/pair-repo';
import type { AttemptMode, AttemptResult, OutcomeCode } from '../server/linkage/types';
import { seededRandom, type Random } from './seeded-random';

/**
 * Demo linkage-test campaigns, written through the linkage services (so frames, pairs,
 * attempts and the audit trail are as if people had run them), deterministic from a seed:
 *   1. "Spring 2026" — finished and published: 120 pairs in four strata, outcomes varied
 *      by category pair and by how well connected each contacted service is;
 *   2. "Autumn 2026" — the "after" campaign (same design, new seed, after a directory
 *      drive): somewhat better pathways, closed, for the before/after comparison;
 *   3. "Mutual aid awareness" — in progress: 30 pairs, 12 assigned to the demo volunteer
 *      (a few already tried), 10 to the demo researcher.
 * The outcomes are simulated, and the campaign names say so.
 */
export const DEMO_LINKAGE_SEED = 20260401;

type Callers = { researcher: Viewer; volunteer: Viewer };

const STRATA = [
  { from: 'treatment', to: 'mutual_aid', count: 30 },
  { from: 'mutual_aid', to: 'treatment', count: 30 },
  { from: 'lero_peer_support', to: 'housing', count: 30 },
  { from: 'treatment', to: 'lero_peer_support', count: 30 },
];

/** Share of outcomes 0, 1, 2, 3 when reached (percent), by stratum: plausible, not measured. */
const OUTCOME_WEIGHTS: Record<string, [number, number, number, number]> = {
  'treatment>mutual_aid': [35, 25, 25, 15],
  'mutual_aid>treatment': [15, 20, 35, 30],
  'lero_peer_support>housing': [30, 25, 30, 15],
  'treatment>lero_peer_support': [20, 20, 30, 30],
  'health>mutual_aid': [40, 25, 25, 10],
  'harm_reduction>recovery_community': [25, 25, 30, 20],
};
const REACH_PERCENT: Record<string, number> = { treatment: 90, lero_peer_support: 85, mutual_aid: 70, health: 88, harm_reduction: 85 };

type Scenario = { improvement: number };

/** A well-connected service answers one rubric level higher: what makes answers cluster. */
function simulateOutcome(random: Random, stratum: string, connected: boolean, s: Scenario): OutcomeCode {
  const [w0, w1, w2, w3] = OUTCOME_WEIGHTS[stratum];
  // "After": a share of the 0s and 1s move up to 2 and 3.
  const shift = Math.round(w0 * s.improvement);
  const shift1 = Math.round(w1 * s.improvement * 0.5);
  let outcome = random.weighted<OutcomeCode>([[0, w0 - shift], [1, w1 - shift1 + shift / 2], [2, w2 + shift1 + shift / 4], [3, w3 + shift / 4]].map(([o, w]) => [o as OutcomeCode, Math.max(1, Math.round(w as number))]));
  if (connected && outcome < 3 && random.chance(0.6)) outcome = (outcome + 1) as OutcomeCode;
  return outcome;
}

const FAILURES: readonly (readonly [AttemptResult, number])[] = [['no_answer', 5], ['voicemail', 3], ['wrong_number', 1]];

async function work(knex: Knex, random: Random, pairIds: { id: string; stratum: string; aId: string }[], caller: Viewer, opts: Scenario & { startDaysAgo: number; spanDays: number; maxAttempts: number; leaveOpen?: number }) {
  const connected = new Map<string, boolean>();
  const latest = Date.now() - 3_600_000;
  let i = 0;
  for (const p of pairIds) {
    i++;
    if (!connected.has(p.aId)) connected.set(p.aId, random.chance(0.3));
    const aCategory = p.stratum.split('>')[0];
    const reach = random.chance(Math.min(0.97, ((REACH_PERCENT[aCategory] ?? 80) + opts.improvement * 20) / 100));
    const failures = reach ? random.weighted<number>([[0, 60], [1, 30], [2, 10]]) : opts.maxAttempts;
    const tries = opts.leaveOpen !== undefined && i > opts.leaveOpen ? Math.min(failures, 1) : failures;
    let when = Date.now() - (opts.startDaysAgo - random.int(0, opts.spanDays)) * 86_400_000;
    const mode: AttemptMode = random.weighted<AttemptMode>([['phone', 70], ['email', 20], ['web_form', 5], ['in_person', 5]]);
    for (let k = 0; k < tries; k++) {
      const result: AttemptResult = mode === 'email' || mode === 'web_form' ? (random.chance(0.2) ? 'email_bounced' : 'no_answer') : random.weighted(FAILURES);
      await recordAttempt(knex, caller, p.id, { attemptedAt: new Date(Math.min(when, latest)), mode, result });
      when += random.int(1, 3) * 86_400_000;
    }
    if (reach && tries === failures) {
      const outcome = simulateOutcome(random, p.stratum, connected.get(p.aId)!, opts);
      const result: AttemptResult = mode === 'phone' || mode === 'in_person' ? 'answered' : 'replied';
      await recordAttempt(knex, caller, p.id, { attemptedAt: new Date(Math.min(when, latest)), mode, result, outcome });
    }
  }
}

async function pairsOf(knex: Knex, campaignId: string) {
  const { rows } = await listPairRows(knex, campaignId, { limit: 10_000, offset: 0 });
  return rows.map((r) => ({ id: r.id, stratum: r.stratum, aId: r.aId, bId: r.bId, pairNumber: r.pairNumber }));
}

async function backdate(knex: Knex, actor: Viewer, id: string, days: { created: number; drawn: number; closed?: number; published?: number }) {
  await writeTransaction(knex, actor.user!.id, (trx) =>
    trx.raw(
      `UPDATE campaign SET created_at = now() - make_interval(days => ?), drawn_at = now() - make_interval(days => ?),
         closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE now() - make_interval(days => ?) END,
         published_at = CASE WHEN published_at IS NULL THEN NULL ELSE now() - make_interval(days => ?) END
       WHERE id = ?`,
      [days.created, days.drawn, days.closed ?? 0, days.published ?? 0, id],
    ),
  );
}

async function finishedCampaign(knex: Knex, callers: Callers, random: Random, spec: { name: string; seed: number; improvement: number; daysAgo: number; publish: boolean }) {
  const { researcher, volunteer } = callers;
  const body = campaignCreateSchema.parse({
    name: spec.name,
    approach: 'disclosed',
    frame: { categories: ['treatment', 'mutual_aid', 'lero_peer_support', 'housing'] },
    design: { strata: STRATA, excludeSameOrganisation: true, excludeSameSite: true, maxContactsPerService: 4 },
  });
  const campaign = await createCampaign(knex, researcher, body);
  await drawCampaign(knex, researcher, campaign.id, spec.seed);
  const pairs = await pairsOf(knex, campaign.id);
  const half = Math.ceil(pairs.length / 2);
  await assignPairs(knex, researcher, campaign.id, { callerId: volunteer.user!.id, pairIds: pairs.slice(0, half).map((p) => p.id) });
  await assignPairs(knex, researcher, campaign.id, { callerId: researcher.user!.id, pairIds: pairs.slice(half).map((p) => p.id) });
  const opts = { improvement: spec.improvement, startDaysAgo: spec.daysAgo - 3, spanDays: 25, maxAttempts: 3 };
  // One transaction round the campaign's ~200 attempts (each still its own audited write, as a
  // savepoint): one commit instead of ~200 is about a second of a fresh start.
  await knex.transaction(async (trx) => {
    await work(trx, random, pairs.slice(0, half), volunteer, opts);
    await work(trx, random, pairs.slice(half), researcher, opts);
  });
  await closeCampaign(knex, researcher, campaign.id);
  if (spec.publish) {
    await setPublished(knex, researcher, campaign.id, true);
    // The published demo shows per-service figures, so its services are recorded as having agreed (docs/linkage-ethics.md §5).
    await knex.transaction(async (trx) => {
      for (const assetId of new Set(pairs.flatMap((p) => [p.aId, p.bId]))) await setAgreement(trx, researcher, { assetId, agreed: true, note: 'Agreed at the partnership forum (simulated demo)' });
    });
  }
  await backdate(knex, researcher, campaign.id, { created: spec.daysAgo + 7, drawn: spec.daysAgo, closed: spec.daysAgo - 40, published: spec.daysAgo - 45 });
  return campaign.id;
}

export async function seedDemoLinkage(knex: Knex, callers: Callers, log: (msg: string) => void): Promise<void> {
  const random = seededRandom(DEMO_LINKAGE_SEED);
  log('simulating three linkage-test campaigns (spring and autumn finished, one in progress) …');
  await finishedCampaign(knex, callers, random, { name: 'Calderdale pathways, spring 2026 (simulated demo)', seed: 1_402_026, improvement: 0, daysAgo: 200, publish: true });
  await finishedCampaign(knex, callers, random, { name: 'Calderdale pathways, autumn 2026 — after the directory drive (simulated demo)', seed: 2_902_026, improvement: 0.35, daysAgo: 90, publish: false });

  const { researcher, volunteer } = callers;
  const current = await createCampaign(knex, researcher, campaignCreateSchema.parse({
    name: 'Mutual aid and recovery community awareness (simulated demo, in progress)',
    approach: 'disclosed',
    frame: { categories: ['health', 'mutual_aid', 'harm_reduction', 'recovery_community'] },
    design: { strata: [{ from: 'health', to: 'mutual_aid', count: 15 }, { from: 'harm_reduction', to: 'recovery_community', count: 15 }], maxContactsPerService: 3 },
  }));
  await drawCampaign(knex, researcher, current.id, 3_112_026);
  const pairs = await pairsOf(knex, current.id);
  await assignPairs(knex, researcher, current.id, { callerId: volunteer.user!.id, pairIds: pairs.slice(0, 12).map((p) => p.id) });
  await assignPairs(knex, researcher, current.id, { callerId: researcher.user!.id, pairIds: pairs.slice(12, 22).map((p) => p.id) });
  // The volunteer has tried three of theirs; the researcher has worked through six.
  await work(knex, random, pairs.slice(0, 3), volunteer, { improvement: 0, startDaysAgo: 4, spanDays: 2, maxAttempts: 3, leaveOpen: 1 });
  await work(knex, random, pairs.slice(12, 18), researcher, { improvement: 0, startDaysAgo: 4, spanDays: 2, maxAttempts: 3 });
  await backdate(knex, researcher, current.id, { created: 9, drawn: 5 });
}
