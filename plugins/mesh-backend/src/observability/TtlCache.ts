/**
 * A short-lived cache with in-flight deduplication: while a value loads,
 * every caller of the same key waits for that one load; a loaded value is
 * served for `ttlMs`; a failed load is not kept. So many viewers of one graph
 * cost Prometheus one plan per TTL. Entries beyond `maxEntries` are dropped
 * oldest first.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value of `key`, or the result of `load` (shared by concurrent callers). */
  async get(key: string, load: () => Promise<V>): Promise<{ value: V; cached: boolean }> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) {
      return { value: hit.value, cached: true };
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      return { value: await pending, cached: true };
    }
    const promise = load();
    this.inFlight.set(key, promise);
    try {
      const value = await promise;
      this.store(key, value);
      return { value, cached: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  private store(key: string, value: V) {
    if (this.ttlMs <= 0) {
      return;
    }
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
