/**
 * Call attempts waiting on this device to be sent. Each carries a `clientRequestId`
 * (its clientId), so a resend of an attempt the server already recorded (the answer was
 * lost, not the request) returns the same attempt instead of a second one.
 */
import type { AttemptInput } from '../shared/linkage';
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
