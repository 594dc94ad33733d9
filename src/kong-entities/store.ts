// The storage contract the entity engine runs on: an ordered key-value store with synchronous,
// atomic read and write transactions. Two implementations: memory-store.ts (tests, --in-memory)
// and lmdb-store.ts (durable: a write transaction is on disk before write() returns).

export interface StoreTx {
  get(key: string): unknown;
  put(key: string, value: unknown): void;
  remove(key: string): void;
  /** Entries whose key starts with `prefix`, ascending, beginning after `after` (exclusive). */
  range(prefix: string, after?: string): Iterable<readonly [string, unknown]>;
}

export interface KeyValueStore {
  /** Run `fn` against a consistent view. */
  read<T>(fn: (tx: StoreTx) => T): T;
  /** Run `fn` atomically: all of its writes are committed (durably, for a durable store) or none. */
  write<T>(fn: (tx: StoreTx) => T): T;
  close(): Promise<void>;
}
