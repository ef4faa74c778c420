import { duplicatesInBatch, type BatchCandidate, type BatchDuplicate, type BatchPair, type BatchRecord } from './batch';
import { EQUAL_WEIGHTS, rawWords, wordsToCount, type TermWeights } from './names';
import { earlierRowsOf, isAsciiName, nearPairs, preparePairs, scanPairs, setTrigrams, type NearPairs, type PairIndex, type PairRecord, type PreparedPairs } from './pairs';
import type { DuplicateProbe } from './score';

/**
 * The CPU side of an import's duplicate check (service.ts batchDuplicates), as one object
 * whose steps come between the check's statements: built from the batch's records (their
 * names' tokens, trigrams, contacts and grid cells: pairs.ts preparePairs, while the
 * database looks for the registry's candidates), then the pairs worth scoring
 * (pairs.ts scanPairs), then the verdicts (batch.ts duplicatesInBatch). Pure. It runs as a
 * worker session (server/workers), so the records cross to the worker once, as columns
 * of plain values (a 20,000-row check sent 11 MB of records, twice, at ~170 ms a copy).
 */
export type CheckColumns = {
  ids: string[];
  names: string[];
  status: string[];
  lat: Float64Array;
  lng: Float64Array;
  category: (string | null)[];
  phone: (string | null)[];
  email: (string | null)[];
  website: (string | null)[];
  organisationId: (string | null)[];
  /** The weekdays of each record's schedule (null: none): all the rule reads of it (score.ts differentDays). */
  days: (number[] | null)[];
};

type CheckEntry = DuplicateProbe & { point: { lat: number; lng: number }; status: string };

/** What of each entry the check reads, as columns; `ids` the ids the records will be written with. */
export function checkColumns(entries: CheckEntry[], ids: string[]): CheckColumns {
  const n = entries.length;
  const c: CheckColumns = {
    ids, names: new Array(n), status: new Array(n), lat: new Float64Array(n), lng: new Float64Array(n), category: new Array(n),
    phone: new Array(n), email: new Array(n), website: new Array(n), organisationId: new Array(n), days: new Array(n),
  };
  // One pass: an import's entries are wide objects, each read of them costly.
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    c.names[i] = e.name;
    c.status[i] = e.status;
    c.lat[i] = e.point.lat;
    c.lng[i] = e.point.lng;
    c.category[i] = e.category ?? null;
    c.phone[i] = e.phone ?? null;
    c.email[i] = e.email ?? null;
    c.website[i] = e.website ?? null;
    c.organisationId[i] = e.organisationId ?? null;
    c.days[i] = e.schedule?.length ? e.schedule.map((s) => s.day) : null;
  }
  return c;
}

/** The database's show_trgm and words of the names not plain ASCII, by position (repo askNames). */
export type AskedOfDatabase = { trigrams: Map<number, string[]>; words: Map<number, string[]> };

export class BatchCheck {
  private readonly records: (PairRecord & BatchRecord)[];
  private readonly prepared: PreparedPairs;
  private registry = new Map<number, BatchCandidate[]>();
  private weights: TermWeights = EQUAL_WEIGHTS;
  private near: NearPairs | null = null;
  private earlierRows: ReturnType<typeof earlierRowsOf> | null = null;

  constructor(c: CheckColumns) {
    this.records = c.names.map((name, i) => ({
      id: c.ids[i], status: c.status[i], name, lat: c.lat[i], lng: c.lng[i], category: c.category[i],
      phone: c.phone[i], email: c.email[i], website: c.website[i], organisationId: c.organisationId[i],
      schedule: (c.days[i] ?? []).map((day) => ({ day })),
    }));
    this.prepared = preparePairs(this.records);
  }

  /** The raw words whose registry counts weigh these names (names.ts wordsToCount). */
  wordsToCount(): string[] {
    return wordsToCount(this.records.map((r) => r.name));
  }

  /**
   * What the database said of the names not plain ASCII; then each record's near pairs and
   * the batch's word holders, which need no registry (worked out while its statements run).
   */
  setAsked(asked: AskedOfDatabase): void {
    this.records.forEach((r, i) => {
      if (isAsciiName(r.name)) return;
      const trigrams = asked.trigrams.get(i);
      if (trigrams) setTrigrams(this.prepared, i, trigrams);
      r.words = asked.words.get(i) ?? rawWords(r.name);
    });
    this.near = nearPairs(this.prepared);
    this.earlierRows = earlierRowsOf(this.records);
  }

  /**
   * The pairs of records worth scoring in the database (pairs.ts), given each record's
   * registry candidates (repo findBatchRegistryCandidates) and the registry's word weights.
   */
  pairsWorthScoring(registry: Map<number, BatchCandidate[]>, weights: TermWeights): PairIndex[] {
    if (!this.near || !this.earlierRows) throw new Error('BatchCheck: setAsked first');
    this.registry = registry;
    this.weights = weights;
    return scanPairs(this.prepared, {
      registryCounts: this.records.map((_, i) => registry.get(i)?.length ?? 0),
      registryWeights: weights,
      registryCandidates: this.records.map((_, i) => registry.get(i) ?? []),
    }, this.near, this.earlierRows);
  }

  /** Each record's likeliest duplicate (or null), given the scored pairs (repo scoreBatchPairs). */
  duplicates(pairs: BatchPair[]): (BatchDuplicate | null)[] {
    return duplicatesInBatch(this.records, this.registry, pairs, this.weights);
  }
}

export const startBatchCheck = (columns: CheckColumns) => new BatchCheck(columns);
