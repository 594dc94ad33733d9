// KeyValueStore on PostgreSQL, shared by every node on the same database. Reads are served from
// an in-memory replica of the committed rows (the engine's reads are synchronous); writes happen
// in `unit()`, one SQL transaction per Admin API write:
//   BEGIN; lock the one meta row (FOR UPDATE: writers from every node queue here);
//   catch the replica up to the rows committed since it was read; run the engine against it,
//   journaling every put/remove; write the journal as rows stamped with version+1; bump the
//   version; NOTIFY; COMMIT.
// So every write sees every committed write before it (unique names, references and cascades
// are decided on the latest state, never a stale copy); the database checks each written row
// still holds the value the decision was made on (compare and set: the unique-index rows are
// primary keys, so two owners of one name cannot both commit); and either all of its rows commit —
// durably: COMMIT returns after the WAL is flushed — or none do and the replica is rolled back.
// Other nodes catch up with `refresh()`: one query for the version, then only the changed rows
// (and the deletions, logged with their version in ai_gateway_deleted).
import type pg from 'pg';
import { MemoryStore } from '../memory-store.js';
import type { KeyValueStore, StoreTx } from '../store.js';
import { classifyPgError, createClient, createPool, type PgOptions, PgStoreError } from './connection.js';
import { checkMigrated } from './migrations.js';
import { referencesOf } from './refs.js';

/** The NOTIFY channel; the payload is the new version. */
export const CHANGE_CHANNEL = 'ai_gateway_config';

/** Deletions older than this many versions are pruned; a node further behind reloads everything. */
const TOMBSTONE_WINDOW = 1000;

export interface PgStoreOptions {
  /** Versions a deletion is kept for other nodes to catch up by (default 1000; tests use less). */
  readonly tombstoneWindow?: number;
}

const REMOVED = Symbol('removed');
type Journal = Map<string, { prev: unknown; next: unknown }>;

export class PgStore implements KeyValueStore {
  private replica = new MemoryStore();
  private version = 0;
  private journal: Journal | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Reads waiting for one shared catch-up (see fresh). */
  private readBatch: { fns: (() => void)[]; started: Promise<void> } | undefined;

  private readonly window: number;

  private constructor(
    private readonly opts: PgOptions,
    private readonly pool: pg.Pool,
    storeOpts: PgStoreOptions,
  ) {
    this.window = storeOpts.tombstoneWindow ?? TOMBSTONE_WINDOW;
  }

  /** Connect, check the schema is migrated, and read every row. Throws PgStoreError. */
  static async open(opts: PgOptions, storeOpts: PgStoreOptions = {}): Promise<PgStore> {
    const store = new PgStore(opts, createPool(opts), storeOpts);
    try {
      await store.serial(() => store.withClient(async (c) => {
        await checkMigrated(c, opts);
        await store.catchUp(c, await readVersion(c, false));
      }));
    } catch (e) {
      await store.pool.end().catch(() => undefined);
      throw classifyPgError(e, opts);
    }
    return store;
  }

  /** The version of the rows the replica holds (0: an empty database). */
  get currentVersion(): number {
    return this.version;
  }

  read<T>(fn: (tx: StoreTx) => T): T {
    return this.replica.read(fn);
  }

  write<T>(fn: (tx: StoreTx) => T): T {
    const journal = this.journal;
    if (!journal) throw new Error('PgStore: a write outside unit() cannot be committed');
    return this.replica.write((tx) => {
      const note = (key: string, next: unknown) => {
        const entry = journal.get(key);
        if (entry) entry.next = next;
        else journal.set(key, { prev: tx.get(key), next });
      };
      return fn({
        get: tx.get,
        range: tx.range,
        put: (key, value) => {
          note(key, value);
          tx.put(key, value);
        },
        remove: (key) => {
          note(key, REMOVED);
          tx.remove(key);
        },
      });
    });
  }

  /** Run `fn` (synchronous engine calls) as one SQL transaction; see the file comment. */
  unit<T>(fn: () => T): Promise<T> {
    return this.serial(() =>
      this.withClient(async (c) => {
        let journal: Journal | undefined;
        try {
          await c.query('BEGIN');
          await this.catchUp(c, await readVersion(c, true));
          this.journal = new Map();
          let result: T;
          try {
            result = fn();
          } finally {
            journal = this.journal;
            this.journal = undefined;
          }
          const changed = [...journal].filter(([, e]) => !(e.prev === undefined && e.next === REMOVED));
          if (changed.length === 0) {
            await c.query('ROLLBACK');
            return result;
          }
          const v = this.version + 1;
          await this.flush(c, changed, v);
          // Now and then (every tenth of the window), forget deletions older than the window.
          if (v > this.window && v % Math.max(1, Math.floor(this.window / 10)) === 0) {
            await c.query('DELETE FROM ai_gateway_deleted WHERE version <= $1', [v - this.window]);
            await c.query('UPDATE ai_gateway_kv_meta SET pruned = $1 WHERE id = 1', [v - this.window]);
          }
          await c.query('UPDATE ai_gateway_kv_meta SET version = $1 WHERE id = 1', [v]);
          await c.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, String(v)]);
          await c.query('COMMIT');
          this.version = v;
          return result;
        } catch (e) {
          if (journal) this.undo(journal);
          await c.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      }),
    );
  }

  /**
   * Write the journal as of version `v`. Each row is written only if it still holds what the
   * engine decided on (compare and set, checked by the database): a new row must not exist, a
   * changed or deleted one must hold the value read. A unique-index row already owned elsewhere,
   * or any row changed behind this store's back, fails the whole transaction — as does a row
   * left referring to a deleted one (the database's foreign keys, ai_gateway_refs).
   */
  private async flush(c: pg.ClientBase, changed: [string, { prev: unknown; next: unknown }][], v: number): Promise<void> {
    const key = (k: string) => Buffer.from(k, 'utf8');
    const inserts = changed.filter(([, e]) => e.prev === undefined);
    const updates = changed.filter(([, e]) => e.prev !== undefined && e.next !== REMOVED);
    const deletes = changed.filter(([, e]) => e.prev !== undefined && e.next === REMOVED);
    let n = 0;
    const count = async (sql: string, params: unknown[]) => (n += (await c.query<{ n: number }>(sql, params)).rows[0]!.n);
    if (deletes.length)
      await count(
        `WITH d AS (DELETE FROM ai_gateway_kv t USING unnest($1::bytea[], $2::text[]) AS u(k, prev) WHERE t.key = u.k AND t.value = u.prev RETURNING 1) SELECT count(*)::int AS n FROM d`,
        [deletes.map(([k]) => key(k)), deletes.map(([, e]) => JSON.stringify(e.prev))],
      );
    if (updates.length)
      await count(
        `WITH w AS (UPDATE ai_gateway_kv t SET value = u.next, version = $4 FROM unnest($1::bytea[], $2::text[], $3::text[]) AS u(k, prev, next) WHERE t.key = u.k AND t.value = u.prev RETURNING 1) SELECT count(*)::int AS n FROM w`,
        [updates.map(([k]) => key(k)), updates.map(([, e]) => JSON.stringify(e.prev)), updates.map(([, e]) => JSON.stringify(e.next)), v],
      );
    if (inserts.length)
      await count(
        `WITH i AS (INSERT INTO ai_gateway_kv (key, value, version) SELECT k, val, $3 FROM unnest($1::bytea[], $2::text[]) AS u(k, val) ON CONFLICT (key) DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM i`,
        [inserts.map(([k]) => key(k)), inserts.map(([, e]) => JSON.stringify(e.next)), v],
      );
    if (n !== changed.length) {
      this.version = 0; // read everything again before the next decision
      throw new PgStoreError('conflict', `${changed.length - n} of ${changed.length} rows changed in the database since they were read; nothing was written`);
    }
    if (deletes.length)
      await c.query(`INSERT INTO ai_gateway_deleted (key, version) SELECT k, $2 FROM unnest($1::bytea[]) AS u(k) ON CONFLICT (key) DO UPDATE SET version = excluded.version`, [deletes.map(([k]) => key(k)), v]);
    if (inserts.length) await c.query('DELETE FROM ai_gateway_deleted WHERE key = ANY($1::bytea[])', [inserts.map(([k]) => key(k))]);
    // References of every row written now (deleted rows lost theirs by cascade).
    const live = [...inserts, ...updates];
    if (updates.length) await c.query('DELETE FROM ai_gateway_refs WHERE child = ANY($1::bytea[])', [updates.map(([k]) => key(k))]);
    const refs = live.flatMap(([k, e]) => referencesOf(k, e.next).map((r) => [key(k), r.field, key(r.parent)] as const));
    if (refs.length)
      await c.query('INSERT INTO ai_gateway_refs (child, field, parent) SELECT * FROM unnest($1::bytea[], $2::text[], $3::bytea[])', [refs.map((r) => r[0]), refs.map((r) => r[1]), refs.map((r) => r[2])]);
  }

  /** Catch up with rows committed by other nodes; resolves true when something changed. Throws PgStoreError. */
  refresh(): Promise<boolean> {
    return this.serial(() => this.withClient(async (c) => this.catchUp(c, await readVersion(c, false))));
  }

  /**
   * Catch up, then run `fn` (synchronous engine reads) on the latest committed state: read-your-
   * writes across nodes. Reads that arrive while one catch-up waits its turn share it (it starts
   * after each of them was asked, so none misses a write acknowledged before it).
   */
  fresh<T>(fn: () => T): Promise<T> {
    let batch = this.readBatch;
    if (!batch) {
      const fns: (() => void)[] = [];
      const started = this.serial(async () => {
        this.readBatch = undefined; // later reads need a later catch-up
        await this.withClient(async (c) => this.catchUp(c, await readVersion(c, false)));
        for (const run of fns) run();
      });
      batch = this.readBatch = { fns, started };
    }
    return new Promise<T>((resolve, reject) => {
      batch.fns.push(() => {
        try {
          resolve(fn());
        } catch (e) {
          reject(e);
        }
      });
      batch.started.catch(reject);
    });
  }

  /** Run `fn` with no unit or refresh in progress (a consistent view of committed rows). */
  serial<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A dedicated connection LISTENing for changes; `onLost` runs once if it breaks. */
  async listen(onChange: (version: number) => void, onLost: (e: Error) => void): Promise<{ close(): Promise<void> }> {
    const c = createClient(this.opts);
    let lost = false;
    const lose = (e: unknown) => {
      if (lost) return;
      lost = true;
      onLost(classifyPgError(e, this.opts));
      void c.end().catch(() => undefined);
    };
    c.on('error', lose);
    c.on('end', () => lose(new Error('Connection terminated')));
    c.on('notification', (n) => n.channel === CHANGE_CHANNEL && onChange(Number(n.payload)));
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (e) {
      lost = true;
      await c.end().catch(() => undefined);
      throw classifyPgError(e, this.opts);
    }
    return {
      close: async () => {
        lost = true;
        await c.end().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.pool.end().catch(() => undefined);
  }

  private async withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let c: pg.PoolClient;
    try {
      c = await this.pool.connect();
    } catch (e) {
      throw classifyPgError(e, this.opts);
    }
    let broken: unknown;
    try {
      return await fn(c);
    } catch (e) {
      broken = e;
      throw classifyPgError(e, this.opts);
    } finally {
      // A client that failed may hold a dead socket: destroy it rather than return it to the pool.
      c.release(broken instanceof Error && !(('code' in broken) && typeof broken.code === 'string' && /^[0-9A-Z]{5}$/.test(broken.code)) ? broken : undefined);
    }
  }

  /** Bring the replica to `target` (the database's version): changed rows only, or everything. */
  private async catchUp(c: pg.ClientBase, target: { version: number; pruned: number }): Promise<boolean> {
    if (target.version === this.version) return false;
    if (this.version === 0 || this.version < target.pruned || target.version < this.version) {
      const rows = await c.query<{ key: Buffer; value: string }>('SELECT key, value FROM ai_gateway_kv');
      const fresh = new MemoryStore();
      fresh.write((tx) => {
        for (const r of rows.rows) tx.put(r.key.toString('utf8'), JSON.parse(r.value));
      });
      this.replica = fresh;
    } else {
      const rows = await c.query<{ key: Buffer; value: string | null }>(
        `SELECT key, value, version FROM ai_gateway_kv WHERE version > $1 AND version <= $2
         UNION ALL SELECT key, NULL, version FROM ai_gateway_deleted WHERE version > $1 AND version <= $2
         ORDER BY version`,
        [this.version, target.version],
      );
      this.replica.write((tx) => {
        for (const r of rows.rows) {
          const key = r.key.toString('utf8');
          if (r.value === null) tx.remove(key);
          else tx.put(key, JSON.parse(r.value));
        }
      });
    }
    this.version = target.version;
    return true;
  }

  private undo(journal: Journal): void {
    this.replica.write((tx) => {
      for (const [key, { prev }] of journal) prev === undefined ? tx.remove(key) : tx.put(key, prev);
    });
  }
}

async function readVersion(c: pg.ClientBase, forUpdate: boolean): Promise<{ version: number; pruned: number }> {
  const r = await c.query<{ version: string; pruned: string }>(`SELECT version, pruned FROM ai_gateway_kv_meta WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`);
  const row = r.rows[0];
  if (!row) throw new Error('ai_gateway_kv_meta has no row; run migrations up');
  return { version: Number(row.version), pruned: Number(row.pruned) };
}
