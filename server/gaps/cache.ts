/**
 * A small least-recently-used cache of promises: concurrent requests for the same key
 * share one computation, and a failed computation is forgotten so the next call retries.
 * Keys carry the data versions, so stale entries are simply never asked for again and
 * age out.
 */
export class PromiseCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 48) {}

  get<T>(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    const made = make();
    this.entries.set(key, made);
    made.catch(() => this.entries.delete(key));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}
