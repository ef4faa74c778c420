/**
 * Keeping a volunteer's work on the device. The draft is written on every change, so a
 * reload or a crashed browser loses nothing. A submission that could not reach the server
 * waits in an outbox and is only removed once the server has accepted it (2xx).
 * Keys carry the user's id so two people sharing a phone never see each other's drafts.
 */
import { emptyDraft, type CaptureDraft } from '../asset-form/draft';

export type QueuedSubmission = {
  clientId: string;
  name: string;
  body: Record<string, unknown>;
  draft: CaptureDraft;
  queuedAt: string;
  attempts: number;
  /** Set when the server refused it (not a network failure): the volunteer must fix it. */
  refused?: { message: string; details: { field: string; message: string }[] };
};

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class DraftStore {
  private readonly draftKey: string;
  private readonly outboxKey: string;

  constructor(private readonly storage: KeyValueStore, userId: string) {
    this.draftKey = `waymark.capture.v1.${userId}.draft`;
    this.outboxKey = `waymark.capture.v1.${userId}.outbox`;
  }

  loadDraft(): CaptureDraft {
    const saved = this.read<Partial<CaptureDraft>>(this.draftKey);
    // Merge over an empty draft so a draft saved by an older page still loads.
    return { ...emptyDraft(), ...(saved ?? {}) };
  }

  saveDraft(draft: CaptureDraft): void {
    this.storage.setItem(this.draftKey, JSON.stringify(draft));
  }

  clearDraft(): void {
    this.storage.removeItem(this.draftKey);
  }

  outbox(): QueuedSubmission[] {
    return this.read<QueuedSubmission[]>(this.outboxKey) ?? [];
  }

  enqueue(item: Omit<QueuedSubmission, 'attempts' | 'queuedAt'>, now = new Date()): void {
    this.writeOutbox([...this.outbox(), { ...item, queuedAt: now.toISOString(), attempts: 0 }]);
  }

  update(clientId: string, change: Partial<QueuedSubmission>): void {
    this.writeOutbox(this.outbox().map((q) => (q.clientId === clientId ? { ...q, ...change } : q)));
  }

  remove(clientId: string): void {
    this.writeOutbox(this.outbox().filter((q) => q.clientId !== clientId));
  }

  private writeOutbox(items: QueuedSubmission[]): void {
    if (items.length) this.storage.setItem(this.outboxKey, JSON.stringify(items));
    else this.storage.removeItem(this.outboxKey);
  }

  private read<T>(key: string): T | null {
    const raw = this.storage.getItem(key);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return null;
    }
  }
}
