/**
 * A small in-process cache of answers keyed by the database's data version (see migration
 * 2026112411): an entry is only ever served for the version it was computed at, so a
 * write anywhere makes every older entry unreachable at once, on every instance. Entries
 * also expire after `ttlMs`, since answers carry time-dependent flags (e.g. "stale").
 * Concurrent misses for one key share one computation.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; at: number; value: Promise<T> }>();

  constructor(private readonly maxEntries: number, private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, version: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version && this.now() - hit.at < this.ttlMs) {
      // Refresh recency (a Map iterates in insertion order: the first key is the least recent).
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    const entry = { version, at: this.now(), value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // A failed computation is not kept.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}
