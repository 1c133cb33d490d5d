/**
 * An in-process cache whose entries expire `ttlMs` after they were loaded, for reads that other
 * processes (replicas, the CLI) may change behind this one's back: a change made here is applied
 * at once by `delete`/`deleteWhere`/`clear`, one made elsewhere within `ttlMs`.
 *
 * A null load result is not kept (the next read asks again), and neither is a value loaded while
 * an invalidation ran: that value may be the one the invalidation was for. With `shareLoads`,
 * reads of a key that miss while its load is in flight wait for that load instead of starting
 * their own, so an expired snapshot is read once, not once per concurrent request; only for loads
 * that do not depend on their caller (the pool, not the caller's transaction; not a put through
 * `get` as the JWT strategy does). At most `maxEntries` are kept; beyond that the oldest is
 * dropped. `ttlMs` 0 turns the cache off (every read loads).
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  /** Bumped by every invalidation; a load that saw another generation is not stored. */
  private generation = 0;
  /** Loads in flight by key, with the generation they started in: a later generation does not share them. */
  private readonly loads = new Map<K, { generation: number; value: Promise<V | null> }>();

  constructor(
    private readonly ttlMs: number,
    /** Milliseconds since the epoch (see `Clock`). */
    private readonly now: () => number = () => Date.now(),
    private readonly maxEntries = 10_000,
    private readonly options: { shareLoads?: boolean } = {},
  ) {}

  /** The value for `key`: the cached one while fresh, else `load()`'s (kept unless null). */
  async get(key: K, load: () => Promise<V | null>): Promise<V | null> {
    if (this.ttlMs <= 0) return load();
    const fresh = this.peek(key);
    if (fresh !== undefined) return fresh;
    const generation = this.generation;
    if (!this.options.shareLoads) return this.loadAndKeep(key, load, generation);
    const inFlight = this.loads.get(key);
    if (inFlight && inFlight.generation === generation) return inFlight.value;
    const value = this.loadAndKeep(key, load, generation);
    this.loads.set(key, { generation, value });
    return value;
  }

  /**
   * The value for `key` while fresh, without loading and without a promise: undefined when it is not
   * cached, has expired or the cache is off. For a caller with a synchronous fast path (the auth
   * guard: every promise of a request pays Node 20's AsyncLocalStorage hooks, bench/README.md).
   */
  peek(key: K): V | undefined {
    if (this.ttlMs <= 0) return undefined;
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  private async loadAndKeep(key: K, load: () => Promise<V | null>, generation: number): Promise<V | null> {
    try {
      const value = await load();
      if (value !== null && generation === this.generation) {
        this.entries.delete(key);
        if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
        this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
      }
      return value;
    } finally {
      if (this.loads.get(key)?.generation === generation) this.loads.delete(key);
    }
  }

  /** Forgets `key`, and any load of it in flight. */
  delete(key: K): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  /** Forgets every entry whose value matches, and any load in flight. */
  deleteWhere(matches: (value: V) => boolean): void {
    this.generation += 1;
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  /** Forgets everything, and any load in flight. */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
