import { pairsWorthScoring, type PairRecord } from '../assets/duplicate-pairs';

/**
 * Task entry points whose arguments must cross to a worker thread as plain data: the
 * pair search takes the registry's candidate counts as an array, not a function.
 */
export function pairsWorthScoringWithCounts(records: PairRecord[], registryCounts: number[]) {
  return pairsWorthScoring(records, { registryCounts: (i) => registryCounts[i] ?? 0 });
}
