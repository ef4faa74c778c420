/**
 * The calls page merging an attempt's answer into its worklist item (pure): a replay now
 * reports the pair as its own attempt left it (docs/linkage-api.md), so an older answer
 * must not undo newer state the worklist already shows.
 */
import { withRecorded } from '../../client/src/calls/attempt-queue';
import type { AttemptRecorded, WorklistItem } from '../../client/src/shared/linkage';

const attempt = (n: number, result: 'no_answer' | 'answered', outcome: 0 | 1 | 2 | 3 | null = null) =>
  ({ id: `t${n}`, attemptNumber: n, attemptedAt: `2026-12-0${n}T10:00:00.000Z`, mode: 'phone' as const, result, outcome, note: null });
const item = (attempts: WorklistItem['attempts'], status: WorklistItem['status'], outcome: WorklistItem['outcome']) =>
  ({ pairId: 'p', attempts, status, outcome }) as unknown as WorklistItem;
const answer = (a: ReturnType<typeof attempt>, status: WorklistItem['status'], outcome: WorklistItem['outcome'], attemptsMade: number, replayed: boolean): AttemptRecorded =>
  ({ attempt: a, pair: { id: 'p', status, outcome, attemptsMade }, replayed });

test('a fresh answer adds its attempt and sets the pair state', () => {
  const merged = withRecorded(item([attempt(1, 'no_answer')], 'open', null), answer(attempt(2, 'answered', 3), 'reached', 3, 2, false));
  expect([merged.attempts.map((t) => t.id), merged.status, merged.outcome]).toEqual([['t1', 't2'], 'reached', 3]);
});

test('a replay of attempt 1 after a reload that shows attempt 2 keeps the newer state', () => {
  const shown = item([attempt(1, 'no_answer'), attempt(2, 'answered', 2)], 'reached', 2);
  const merged = withRecorded(shown, answer(attempt(1, 'no_answer'), 'open', null, 1, true));
  expect([merged.attempts.map((t) => t.id), merged.status, merged.outcome]).toEqual([['t1', 't2'], 'reached', 2]);
});

test('a replay whose attempt the item lacks is added in attempt order; its state applies when it is the latest', () => {
  const merged = withRecorded(item([], 'open', null), answer(attempt(1, 'answered', 0), 'reached', 0, 1, true));
  expect([merged.attempts.map((t) => t.id), merged.status, merged.outcome]).toEqual([['t1'], 'reached', 0]);
  const older = withRecorded(item([attempt(2, 'no_answer')], 'open', null), answer(attempt(1, 'no_answer'), 'open', null, 1, true));
  expect(older.attempts.map((t) => t.attemptNumber)).toEqual([1, 2]);
});
