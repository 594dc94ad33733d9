// In-memory KeyValueStore: a Map plus a sorted key array for ordered range scans, with an undo
// log so a write transaction that throws leaves nothing behind.
import { type KeyValueStore, keyFits, StoreKeyTooLong, type StoreTx } from './store.js';

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, unknown>();
  private readonly keys: string[] = [];

  private readonly tx: StoreTx = {
    get: (key) => structuredCloneOrSame(this.values.get(key)),
    put: (key, value) => {
      if (!keyFits(key)) throw new StoreKeyTooLong(key);
      if (!this.values.has(key)) this.keys.splice(lowerBound(this.keys, key), 0, key);
      this.values.set(key, structuredCloneOrSame(value));
    },
    remove: (key) => {
      if (!this.values.delete(key)) return;
      const i = lowerBound(this.keys, key);
      if (this.keys[i] === key) this.keys.splice(i, 1);
    },
    range: (prefix, after) => this.scan(prefix, after),
  };

  private *scan(prefix: string, after?: string): Iterable<readonly [string, unknown]> {
    if (!keyFits(prefix) || (after !== undefined && !keyFits(after))) throw new StoreKeyTooLong(after ?? prefix);
    let i = after !== undefined && after >= prefix ? lowerBound(this.keys, after) : lowerBound(this.keys, prefix);
    if (after !== undefined && this.keys[i] === after) i++;
    // A snapshot of the slice: writers in the same tick cannot disturb the iteration.
    const keys = this.keys;
    for (; i < keys.length; i++) {
      const key = keys[i]!;
      if (!key.startsWith(prefix)) return;
      yield [key, structuredCloneOrSame(this.values.get(key))] as const;
    }
  }

  read<T>(fn: (tx: StoreTx) => T): T {
    return fn(this.tx);
  }

  write<T>(fn: (tx: StoreTx) => T): T {
    const undo: [string, unknown][] = [];
    const journaled: StoreTx = {
      get: this.tx.get,
      range: this.tx.range,
      put: (key, value) => {
        undo.push([key, this.values.get(key)]);
        this.tx.put(key, value);
      },
      remove: (key) => {
        undo.push([key, this.values.get(key)]);
        this.tx.remove(key);
      },
    };
    try {
      return fn(journaled);
    } catch (err) {
      for (const [key, prev] of undo.reverse()) prev === undefined ? this.tx.remove(key) : this.tx.put(key, prev);
      throw err;
    }
  }

  async close(): Promise<void> {}
}

function structuredCloneOrSame<T>(v: T): T {
  return v === null || v === undefined || typeof v !== 'object' ? v : structuredClone(v);
}
