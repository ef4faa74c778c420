/**
 * Sending the capture page's outbox (assets). The sending rules are the shared outbox's
 * (src/shared/outbox.ts): kept until the server accepts, refusals marked, never dropped.
 */
import { flushQueue, type FlushOutcome as SharedFlushOutcome } from '../shared/outbox';
import type { AssetWriteResult } from '../shared/types';
import type { DraftStore, QueuedSubmission } from './draft-store';

export type FlushOutcome = SharedFlushOutcome<QueuedSubmission, AssetWriteResult>;

export function flushOutbox(store: DraftStore, send: (body: Record<string, unknown>) => Promise<AssetWriteResult>): Promise<FlushOutcome> {
  return flushQueue(store, (body) => send(body));
}
