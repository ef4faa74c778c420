/**
 * Sending what is waiting in the outbox, oldest first. A submission leaves the outbox only
 * when the server accepts it. If the server cannot be reached (or fails on its side) we
 * stop and try later; if it refuses the content, the item is kept and marked, for the
 * volunteer to fix, never silently dropped.
 */
import { ApiError, UnreachableError } from '../shared/api';
import type { AssetWriteResult } from '../shared/types';
import type { DraftStore, QueuedSubmission } from './draft-store';

export type FlushOutcome = {
  sent: { item: QueuedSubmission; result: AssetWriteResult }[];
  refused: QueuedSubmission[];
  waiting: number;
  stoppedBecause: 'done' | 'unreachable' | 'signed_out' | 'server_error';
};

export async function flushOutbox(store: DraftStore, send: (body: Record<string, unknown>) => Promise<AssetWriteResult>): Promise<FlushOutcome> {
  const outcome: FlushOutcome = { sent: [], refused: [], waiting: 0, stoppedBecause: 'done' };
  for (const item of store.outbox()) {
    if (item.refused) continue;
    store.update(item.clientId, { attempts: item.attempts + 1 });
    try {
      const result = await send(item.body);
      store.remove(item.clientId);
      outcome.sent.push({ item, result });
    } catch (err) {
      if (err instanceof UnreachableError) outcome.stoppedBecause = 'unreachable';
      else if (err instanceof ApiError && err.status === 401) outcome.stoppedBecause = 'signed_out';
      else if (err instanceof ApiError && err.status < 500) {
        const refused = { message: err.message, details: err.details };
        store.update(item.clientId, { refused });
        outcome.refused.push({ ...item, refused });
        continue;
      } else outcome.stoppedBecause = 'server_error';
      break;
    }
  }
  outcome.waiting = store.outbox().filter((q) => !q.refused).length;
  return outcome;
}
