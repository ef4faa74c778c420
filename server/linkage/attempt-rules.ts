import { REACHING_RESULTS, type AttemptResult, type OutcomeCode, type PairStatus } from './types';

/**
 * What one attempt does to its pair (pure). Recording an attempt writes exactly this, and a
 * replay of that request answers with it again: the rubric's maxAttempts is fixed at the
 * draw and only attempts change a pair's state, so the attempt row alone says how its
 * request left the pair — whatever happened to the pair afterwards.
 */
export type PairState = { status: PairStatus; outcome: OutcomeCode | null; attemptsMade: number };

export function pairAfterAttempt(attempt: { attemptNumber: number; result: AttemptResult; outcome: number | null }, maxAttempts: number): PairState {
  if (REACHING_RESULTS.includes(attempt.result)) return { status: 'reached', outcome: attempt.outcome as OutcomeCode, attemptsMade: attempt.attemptNumber };
  // A refusal closes the pair at once: asking again is not what the service agreed to.
  if (attempt.result === 'declined') return { status: 'declined', outcome: null, attemptsMade: attempt.attemptNumber };
  return { status: attempt.attemptNumber >= maxAttempts ? 'unreachable' : 'open', outcome: null, attemptsMade: attempt.attemptNumber };
}
