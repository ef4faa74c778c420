/**
 * Sending what waits in an outbox on this device, oldest first. An item leaves the outbox
 * only when the server accepts it (2xx). If the server cannot be reached (or fails on its
 * side) we stop and try later; if it refuses the content (4xx), the item is kept and marked
 * for the person to see, never silently dropped. Shared by the capture page (assets) and
 * the caller worklist (call attempts); each keeps its own store.
 */
import { ApiError, UnreachableError } from './api';

export type OutboxItem = {
  clientId: string;
  body: Record<string, unknown>;
  attempts: number;
  /** Set when the server refused it (not a network failure). */
  refused?: { message: string; details: { field: string; message: string }[] };
};

export type OutboxStore<Q extends OutboxItem> = {
  outbox(): Q[];
  update(clientId: string, change: Partial<Q>): void;
  remove(clientId: string): void;
};

export type FlushOutcome<Q extends OutboxItem, R> = {
  sent: { item: Q; result: R }[];
  refused: Q[];
  waiting: number;
  stoppedBecause: 'done' | 'unreachable' | 'signed_out' | 'server_error';
};

export async function flushQueue<Q extends OutboxItem, R>(store: OutboxStore<Q>, send: (body: Record<string, unknown>, item: Q) => Promise<R>): Promise<FlushOutcome<Q, R>> {
  const outcome: FlushOutcome<Q, R> = { sent: [], refused: [], waiting: 0, stoppedBecause: 'done' };
  for (const item of store.outbox()) {
    if (item.refused) continue;
    store.update(item.clientId, { attempts: item.attempts + 1 } as Partial<Q>);
    try {
      const result = await send(item.body, item);
      store.remove(item.clientId);
      outcome.sent.push({ item, result });
    } catch (err) {
      if (err instanceof UnreachableError) outcome.stoppedBecause = 'unreachable';
      else if (err instanceof ApiError && err.status === 401) outcome.stoppedBecause = 'signed_out';
      else if (err instanceof ApiError && err.status < 500) {
        const refused = { message: err.message, details: err.details };
        store.update(item.clientId, { refused } as Partial<Q>);
        outcome.refused.push({ ...item, refused });
        continue;
      } else outcome.stoppedBecause = 'server_error';
      break;
    }
  }
  outcome.waiting = store.outbox().filter((q) => !q.refused).length;
  return outcome;
}

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A list of outbox items under one localStorage key (removed when empty). */
export class StoredQueue<Q extends OutboxItem> implements OutboxStore<Q> {
  constructor(private readonly storage: KeyValueStore, private readonly key: string) {}

  outbox(): Q[] {
    const raw = this.storage.getItem(this.key);
    if (!raw) return [];
    try {
      const parsed = JSON.parse(raw) as unknown;
      return Array.isArray(parsed) ? (parsed as Q[]) : [];
    } catch {
      return [];
    }
  }

  enqueue(item: Q): void {
    // The same clientId twice (a double tap) is one item.
    this.write([...this.outbox().filter((q) => q.clientId !== item.clientId), item]);
  }

  update(clientId: string, change: Partial<Q>): void {
    this.write(this.outbox().map((q) => (q.clientId === clientId ? { ...q, ...change } : q)));
  }

  remove(clientId: string): void {
    this.write(this.outbox().filter((q) => q.clientId !== clientId));
  }

  private write(items: Q[]): void {
    if (items.length) this.storage.setItem(this.key, JSON.stringify(items));
    else this.storage.removeItem(this.key);
  }
}
