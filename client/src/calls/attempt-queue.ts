/**
 * Call attempts waiting on this device to be sent. Each carries a `clientRequestId`
 * (its clientId), so a resend of an attempt the server already recorded (the answer was
 * lost, not the request) returns the same attempt instead of a second one.
 */
import type { AttemptInput, AttemptRecorded, WorklistItem } from '../shared/linkage';
import { StoredQueue, type KeyValueStore, type OutboxItem } from '../shared/outbox';

export type QueuedAttempt = OutboxItem & {
  pairId: string;
  pairNumber: number;
  /** "Recovery Café Halifax about Halifax SMART Recovery": for the outbox panel. */
  summary: string;
  queuedAt: string;
  body: AttemptInput & Record<string, unknown>;
};

export function attemptQueue(storage: KeyValueStore, userId: string): StoredQueue<QueuedAttempt> {
  return new StoredQueue<QueuedAttempt>(storage, `waymark.calls.v1.${userId}.outbox`);
}

export function attemptPath(pairId: string): string {
  return `/api/campaign-pairs/${encodeURIComponent(pairId)}/attempts`;
}

/**
 * A worklist item with the server's answer to one attempt: the attempt added (once, in
 * order) and the pair's status and outcome taken from the answer — unless the item already
 * shows later attempts. A replay reports the pair as its own attempt left it, so after a
 * reload (the worklist newer than a lost reply) it must not turn a finished pair back.
 */
export function withRecorded(item: WorklistItem, result: AttemptRecorded): WorklistItem {
  const attempts = item.attempts.some((t) => t.id === result.attempt.id)
    ? item.attempts
    : [...item.attempts, result.attempt].sort((a, b) => a.attemptNumber - b.attemptNumber);
  if (result.pair.attemptsMade < attempts.length) return { ...item, attempts };
  return { ...item, attempts, status: result.pair.status, outcome: result.pair.outcome };
}
