// Durable KeyValueStore on LMDB (npm `lmdb`): ACID, crash-safe (copy-on-write B-tree, no
// recovery step), safe for several processes, prebuilt binaries. A write() is one synchronous
// LMDB transaction, committed and synced to disk before it returns — so a response sent after
// it survives `kill -9`.
import { mkdirSync } from 'node:fs';
import { open, type RootDatabase } from 'lmdb';
import { type KeyValueStore, keyFits, StoreKeyTooLong, type StoreTx } from './store.js';

export class LmdbStore implements KeyValueStore {
  private readonly db: RootDatabase<unknown, string>;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    // noSync/noMetaSync stay off (the default) and overlappingSync is turned off, so each
    // commit is fsynced before transactionSync returns (overlapping mode would flush later).
    this.db = open<unknown, string>({ path: dir, compression: false, overlappingSync: false });
  }

  private readonly tx: StoreTx = {
    get: (key) => (keyFits(key) ? this.db.get(key) : undefined),
    put: (key, value) => {
      if (!keyFits(key)) throw new StoreKeyTooLong(key);
      this.db.putSync(key, value);
    },
    remove: (key) => void (keyFits(key) && this.db.removeSync(key)),
    range: (prefix, after) => this.scan(prefix, after),
  };

  private *scan(prefix: string, after?: string): Iterable<readonly [string, unknown]> {
    if (!keyFits(prefix) || (after !== undefined && !keyFits(after))) throw new StoreKeyTooLong(after ?? prefix);
    const start = after !== undefined && after >= prefix ? after : prefix;
    for (const { key, value } of this.db.getRange({ start, end: `${prefix}\uffff` })) {
      if (key === after) continue;
      if (!key.startsWith(prefix)) return;
      yield [key, value] as const;
    }
  }

  read<T>(fn: (tx: StoreTx) => T): T {
    return fn(this.tx);
  }

  write<T>(fn: (tx: StoreTx) => T): T {
    return this.db.transactionSync(() => fn(this.tx));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
