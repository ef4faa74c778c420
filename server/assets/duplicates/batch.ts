import { judgeWeighed, nameTokens, type DuplicateCandidate, type DuplicateProbe, type TermWeights } from './score';
import { EQUAL_WEIGHTS, countName, rawWords, weighName } from './names';

/**
 * The registry's duplicate rule (score.ts judgeDuplicate, as duplicatesFor
 * applies it) over a whole batch of new records at once, in the order they would be
 * written: record n is judged against the registry and against the batch's earlier
 * records that were themselves accepted, exactly as if the earlier ones had been
 * written one by one before it (they join the registry's word counts too). Pure: the database supplies the candidates (registry
 * records near each one, and pairs of batch records near each other, with their pg_trgm
 * score and distance), this decides.
 */
export type BatchRecord = DuplicateProbe & {
  id: string;
  status: string;
  /** Its name's words as the database folds them (rawWords gives them for plain ASCII names). */
  words?: string[];
};
/** A candidate as the registry query returns it (see repo findBatchRegistryCandidates). */
export type BatchCandidate = DuplicateCandidate & { id: string; status: string; trigram: number; distanceMetres: number };
/** Two records of the batch within reach of each other: `earlier` < `later` by position. */
export type BatchPair = { earlier: number; later: number; trigram: number; distanceMetres: number };
export type BatchDuplicate = { id: string; name: string; status: string };

/** As findDuplicateCandidates: the 50 with the best names (then nearest, then by id) are judged. */
export const CANDIDATE_LIMIT = 50;

export function duplicatesInBatch(
  records: BatchRecord[], registry: Map<number, BatchCandidate[]>, pairs: BatchPair[], weights: TermWeights = EQUAL_WEIGHTS,
): (BatchDuplicate | null)[] {
  // The registry's word counts as they stand when each record is judged: each accepted one
  // joins them, as it would be written before the next is checked.
  const counts: TermWeights = { names: weights.names, counts: { ...weights.counts } };
  const earlierOf = new Map<number, BatchPair[]>();
  for (const p of pairs) {
    if (!earlierOf.has(p.later)) earlierOf.set(p.later, []);
    earlierOf.get(p.later)!.push(p);
  }
  const accepted: boolean[] = [];
  return records.map((probe, n) => {
    if (!registry.has(n) && !earlierOf.has(n)) {
      // No candidate at all (most rows of a sparse file): accepted.
      accepted[n] = true;
      countName(counts, probe.words ?? rawWords(probe.name));
      return null;
    }
    const probeName = weighName(nameTokens(probe.name), counts);
    const fromBatch = (earlierOf.get(n) ?? [])
      .filter((p) => accepted[p.earlier])
      .map((p): BatchCandidate => ({ ...records[p.earlier], trigram: p.trigram, distanceMetres: p.distanceMetres }));
    const candidates = [...(registry.get(n) ?? []), ...fromBatch]
      .sort((a, b) => b.trigram - a.trigram || a.distanceMetres - b.distanceMetres || compareIds(a.id, b.id))
      .slice(0, CANDIDATE_LIMIT);
    // The order duplicatesFor reports them in: best score, then nearest, then name and id.
    const best = candidates
      .map((c) => ({ c, verdict: judgeWeighed(probe, probeName, c, weighName(nameTokens(c.name), counts)) }))
      .filter((j) => j.verdict.likely)
      .sort((a, b) => b.verdict.score - a.verdict.score || a.c.distanceMetres - b.c.distanceMetres
        || a.c.name.localeCompare(b.c.name) || a.c.id.localeCompare(b.c.id))[0];
    accepted[n] = !best;
    if (!best) countName(counts, probe.words ?? rawWords(probe.name));
    return best ? { id: best.c.id, name: best.c.name, status: best.c.status } : null;
  });
}

// PostgreSQL orders uuids by their bytes, i.e. as lower-case hex text.
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
