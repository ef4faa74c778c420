import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../../auth/viewer';
import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { askNames, findBatchRegistryCandidates, findDuplicateCandidates, registryWordCounts, scoreBatchPairs } from './repo';
import { isAsciiName } from './pairs';
import { checkColumns } from './batch-check';
import { openSession } from '../../workers/tasks';
import type { BatchDuplicate } from './batch';
import { judgeDuplicate, normaliseEmail, normalisePhone, type DuplicateProbe, type MatchReason, type TermWeights } from './score';
import { weightsFromWordCounts, wordsToCount } from './names';
import type { LocationAccess } from '../repo';

/**
 * What a viewer is told about likely duplicates. A record matched only through a
 * sensitive place's masking area is reported to non-privileged viewers with its name,
 * status and category only (no id, similarity, score, distance or reasons): "a similar
 * record exists in this area; a coordinator will check" (docs/privacy.md).
 */
export type DuplicateView = {
  id: string | null;
  name: string;
  status: string;
  category: string;
  /** Name similarity (0–1) after the different-day, fellowship and category rules; none for a masked match. */
  similarity?: number;
  distanceMetres: number | null;
  /** Ranking score (0–1): name, contacts and organisation, nearer higher. */
  score?: number;
  /** Why it matched, in words. */
  reasons?: MatchReason[];
  /** Set when the match is only "somewhere in this masked area". */
  note?: string;
};

export const MASKED_MATCH_NOTE = 'A similar record exists in this area; a coordinator will check.';

export const accessOf = (viewer: Viewer): LocationAccess => (isPrivileged(viewer) ? 'exact' : 'masked');

export type DuplicateArgs = DuplicateProbe & { partnershipId: string; points: { lat: number; lng: number }[]; excludeId?: string };

/**
 * Likely duplicates of a record at `points`. The points must be what the viewer may know
 * (their own input, or sites' public points: see repo.sitePoints), and what is searched
 * is what they may read: volunteers see published records and their own pending ones.
 */
export async function duplicatesFor(knex: Knex, viewer: Viewer, args: DuplicateArgs): Promise<DuplicateView[]> {
  if (!args.points.length) return [];
  const privileged = isPrivileged(viewer);
  const rows = await findDuplicateCandidates(knex, {
    partnershipId: args.partnershipId,
    name: args.name,
    points: args.points,
    excludeId: args.excludeId,
    phoneDigits: normalisePhone(args.phone),
    email: normaliseEmail(args.email),
    organisationId: args.organisationId ?? null,
    access: accessOf(viewer),
    // Nobody else (anonymous, commissioner, researcher) reaches here: the routes are for capturers.
    pendingOnlyIfCreatedBy: privileged ? undefined : (viewer.user?.id ?? '00000000-0000-0000-0000-000000000000'),
  });
  const weights = await registryWeights(knex, args.partnershipId, wordsToCount([args.name, ...rows.map((r) => r.name)]));
  const judged = rows.map((row) => {
    const hidden = row.maskedOnly && !privileged;
    // A masked place's record is judged on what is public about it (name, category,
    // schedule) and its masking area only: its contacts would let a probe tell it apart
    // from others in the cell.
    const candidate = hidden ? { name: row.name, category: row.category, schedule: row.schedule, trigram: row.trigram, distanceMetres: row.distanceMetres } : row;
    return { row, hidden, verdict: judgeDuplicate(args, candidate, weights) };
  });
  return judged
    .filter((j) => j.verdict.likely)
    // Ties: shown records before masked ones, then by name, so the order never hangs on a random id.
    .sort((a, b) => b.verdict.score - a.verdict.score || a.row.distanceMetres - b.row.distanceMetres
      || Number(a.hidden) - Number(b.hidden) || a.row.name.localeCompare(b.row.name) || a.row.id.localeCompare(b.row.id))
    .slice(0, 10)
    .map(({ row, hidden, verdict }): DuplicateView => {
      if (hidden) {
        // No similarity, score or distance: docs/privacy.md says masked matches carry none.
        return { id: null, name: row.name, status: row.status, category: row.category, distanceMetres: null, note: MASKED_MATCH_NOTE };
      }
      return {
        id: row.id, name: row.name, status: row.status, category: row.category, similarity: verdict.nameScore,
        distanceMetres: Math.round(row.distanceMetres), score: verdict.score, reasons: verdict.reasons,
      };
    });
}

/**
 * Lets the timers and I/O waiting on the event loop run: one setImmediate from an I/O
 * callback (a statement's answer) comes back before them, in the same turn; two never do.
 */
async function letOthersIn(): Promise<void> {
  await setImmediate();
  await setImmediate();
}

/** The registry's word counts for these raw words (names.ts wordsToCount gives a name's). */
async function registryWeights(knex: Knex, partnershipId: string, words: string[]): Promise<TermWeights> {
  const counted = await registryWordCounts(knex, partnershipId, words);
  return weightsFromWordCounts(counted.names, counted.words);
}

export type BatchEntry = DuplicateProbe & { point: { lat: number; lng: number }; status: 'pending' | 'published' };

/**
 * duplicatesFor over a batch of new records about to be written in this order (bulk
 * imports): for each, its likeliest duplicate (or null) among the registry and the batch's
 * earlier accepted records, in a few statements instead of one query per record. Each
 * record gets its id here, so a duplicate of an earlier row is reported under the id that
 * row will be written with. Only for coordinators and admins (importers), whose checks
 * use exact places: everyone else's go through duplicatesFor's masked rule.
 */
export type BatchVerdicts = { ids: string[]; duplicates: (BatchDuplicate | null)[] };

/**
 * Every statement here stands alone (the probes travel with it), so `knex` may be a
 * transaction or not: an import checks its rows before its write transaction opens, and
 * other requests take turns between the check's statements (bulk-create.ts).
 *
 * The CPU work (the pair search: 46 s for 20,000 rows in one district; the judging: 0.8 s
 * for 5,000) runs in a session on a worker thread (server/workers) from 200 records, so
 * the event loop keeps answering meanwhile: the records cross to it once, and its first
 * step (each name's tokens, trigrams, contacts and grid cell) runs while the statements do.
 * Only the pairs the rule could call alike go to the database.
 */
export async function batchDuplicates(knex: Knex, viewer: Viewer, partnershipId: string, entries: BatchEntry[]): Promise<BatchVerdicts> {
  if (!isPrivileged(viewer)) throw new Error('batchDuplicates is for coordinators and admins');
  const ids = entries.map(() => randomUUID());
  if (!entries.length) return { ids, duplicates: [] };
  // Turns for other requests between this thread's longest stretches (the caller's
  // entries, the columns sent to the worker, the probes): some 30–50 ms each at 20,000 rows.
  await letOthersIn();
  const check = await openSession('batchCheck', [checkColumns(entries, ids)], entries.length);
  try {
    const batchWords = check.call('wordsToCount');
    batchWords.catch(() => {}); // awaited below; a statement failing first must not leave it unhandled
    await letOthersIn();
    const probes = entries.map((e) => ({
      name: e.name, lat: e.point.lat, lng: e.point.lng, phone: e.phone ?? null, email: e.email ?? null, organisationId: e.organisationId ?? null,
      phoneDigits: normalisePhone(e.phone), emailNormalised: normaliseEmail(e.email),
    }));
    // Names' trigrams and words: worked out on the worker for plain ASCII names, asked of the database for the rest.
    const asked = await askNames(knex, probes.map((p) => p.name), probes.flatMap((p, i) => (isAsciiName(p.name) ? [] : [i])));
    const nearReady = check.call('setAsked', asked); // the worker's next step, while the registry is asked
    nearReady.catch(() => {});
    const registry = await findBatchRegistryCandidates(knex, partnershipId, probes);
    // The registry's word counts (the rows join them as they are accepted, as if written one by one).
    const registryNames = [...registry.values()].flat().map((c) => c.name);
    const weights = await registryWeights(knex, partnershipId, [...new Set([...(await batchWords), ...wordsToCount(registryNames)])]);
    // The registry's candidates go too: a record none of whose candidates could be likely needs no pair scored.
    await nearReady;
    const worth = await check.call('pairsWorthScoring', registry, weights);
    const pairs = await scoreBatchPairs(knex, probes, worth);
    return { ids, duplicates: await check.call('duplicates', pairs) };
  } finally {
    check.close();
  }
}
