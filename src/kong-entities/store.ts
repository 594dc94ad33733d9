// The storage contract the entity engine runs on: an ordered key-value store with synchronous,
// atomic read and write transactions. Two implementations: memory-store.ts (tests, --in-memory)
// and lmdb-store.ts (durable: a write transaction is on disk before write() returns).

/**
 * Under LMDB's key-size limit (lmdb-js: 1978 bytes, with a margin for its key encoding), kept
 * by both stores so they behave alike. A longer key can never have been written, so reads of
 * one find nothing; writing one is a bug (keys.ts hashes long user values), reported as
 * StoreKeyTooLong rather than LMDB's RangeError.
 */
export const MAX_KEY_BYTES = 1900;

export const keyFits = (key: string): boolean => key.length <= MAX_KEY_BYTES / 3 || Buffer.byteLength(key) <= MAX_KEY_BYTES;

export class StoreKeyTooLong extends Error {
  constructor(key: string) {
    // The key itself is not quoted: it may hold a credential (a key-auth key).
    super(`store key of ${Buffer.byteLength(key)} bytes exceeds ${MAX_KEY_BYTES}`);
    this.name = 'StoreKeyTooLong';
  }
}

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
