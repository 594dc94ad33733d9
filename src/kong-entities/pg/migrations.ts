// The PostgreSQL schema, versioned: each migration runs once, in its own transaction, recorded
// in `ai_gateway_migrations`; concurrent runners (several nodes running `migrations up` at once)
// are serialized by an advisory lock, so `up` is idempotent. A store refuses to open a database
// with pending migrations (as `kong start` does) and says which command to run.
import type pg from 'pg';
import { classifyPgError, createClient, describeTarget, type PgOptions, PgStoreError } from './connection.js';
import { referencesOf } from './refs.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Data work after the SQL, in the same transaction. */
  readonly run?: (c: pg.ClientBase) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: '001_kv_store',
    // One row per store key (bytea: keys may hold any character). A NULL value is a deletion,
    // kept (a tombstone) so other nodes can catch up by version; old tombstones are pruned and
    // `pruned` tells a node that fell further behind to reload everything instead.
    sql: `
      CREATE TABLE ai_gateway_kv (
        key bytea PRIMARY KEY,
        value text,
        version bigint NOT NULL
      );
      CREATE INDEX ai_gateway_kv_version ON ai_gateway_kv (version);
      CREATE TABLE ai_gateway_kv_meta (
        id int PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL,
        pruned bigint NOT NULL
      );
      INSERT INTO ai_gateway_kv_meta (id, version, pruned) VALUES (1, 0, 0);
    `,
  },
  {
    version: 2,
    name: '002_foreign_keys',
    // The database's own foreign keys: a deletion becomes a real DELETE (its version kept in
    // ai_gateway_deleted for catching up), and ai_gateway_refs holds one row per reference
    // (entity → entity it names, unique-index row → owning entity), tied to both rows: deleting
    // the referring row drops the reference; a reference to a row that no longer exists fails
    // the COMMIT (checked at the end of the transaction, so cascades can run in any order).
    sql: `
      CREATE TABLE ai_gateway_deleted (key bytea PRIMARY KEY, version bigint NOT NULL);
      CREATE INDEX ai_gateway_deleted_version ON ai_gateway_deleted (version);
      INSERT INTO ai_gateway_deleted (key, version) SELECT key, version FROM ai_gateway_kv WHERE value IS NULL;
      DELETE FROM ai_gateway_kv WHERE value IS NULL;
      ALTER TABLE ai_gateway_kv ALTER COLUMN value SET NOT NULL;
      CREATE TABLE ai_gateway_refs (
        child bytea NOT NULL REFERENCES ai_gateway_kv (key) ON DELETE CASCADE,
        field text NOT NULL,
        parent bytea NOT NULL REFERENCES ai_gateway_kv (key) DEFERRABLE INITIALLY DEFERRED,
        PRIMARY KEY (child, field)
      );
      CREATE INDEX ai_gateway_refs_parent ON ai_gateway_refs (parent);
    `,
    run: async (c) => {
      const rows = await c.query<{ key: Buffer; value: string }>('SELECT key, value FROM ai_gateway_kv');
      const child: Buffer[] = [];
      const field: string[] = [];
      const parent: Buffer[] = [];
      for (const r of rows.rows)
        for (const ref of referencesOf(r.key.toString('utf8'), JSON.parse(r.value))) {
          child.push(r.key);
          field.push(ref.field);
          parent.push(Buffer.from(ref.parent, 'utf8'));
        }
      if (child.length) await c.query('INSERT INTO ai_gateway_refs (child, field, parent) SELECT * FROM unnest($1::bytea[], $2::text[], $3::bytea[])', [child, field, parent]);
    },
  },
];

const LOCK_KEY = 7_301_415_926; // advisory lock id for migration runners

export interface MigrationState {
  readonly version: number;
  readonly name: string;
  readonly appliedAt: Date | null;
}

async function ensureTable(c: pg.Client): Promise<void> {
  await c.query(`CREATE TABLE IF NOT EXISTS ai_gateway_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
}

async function readApplied(c: pg.ClientBase): Promise<Map<number, Date> | undefined> {
  const exists = await c.query(`SELECT to_regclass('ai_gateway_migrations') AS t`);
  if (!exists.rows[0]?.t) return undefined;
  const r = await c.query<{ version: number; applied_at: Date }>('SELECT version, applied_at FROM ai_gateway_migrations');
  return new Map(r.rows.map((row) => [row.version, row.applied_at]));
}

async function withClient<T>(o: PgOptions, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = createClient(o);
  c.on('error', () => undefined);
  try {
    await c.connect();
  } catch (e) {
    throw classifyPgError(e, o);
  }
  try {
    return await fn(c);
  } catch (e) {
    throw classifyPgError(e, o);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Every known migration and when it was applied (null: pending). */
export function listMigrations(o: PgOptions): Promise<MigrationState[]> {
  return withClient(o, async (c) => {
    const applied = (await readApplied(c)) ?? new Map<number, Date>();
    return MIGRATIONS.map((m) => ({ version: m.version, name: m.name, appliedAt: applied.get(m.version) ?? null }));
  });
}

/** Apply the pending migrations (up to `to`, default all); returns the names applied now (none when up to date). */
export function migrateUp(o: PgOptions, to = Infinity): Promise<string[]> {
  return withClient(o, async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await ensureTable(c);
      const applied = (await readApplied(c))!;
      const done: string[] = [];
      for (const m of MIGRATIONS) {
        if (applied.has(m.version) || m.version > to) continue;
        await c.query('BEGIN');
        try {
          await c.query(m.sql);
          await m.run?.(c);
          await c.query('INSERT INTO ai_gateway_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw new PgStoreError('other', `migration ${m.name} failed on ${describeTarget(o)}: ${(e as Error).message}`);
        }
        done.push(m.name);
      }
      return done;
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    }
  });
}

/** Throws PgStoreError('not_migrated') naming the pending migrations, if any. */
export async function checkMigrated(c: pg.ClientBase, o: PgOptions): Promise<void> {
  const applied = await readApplied(c);
  const pending = MIGRATIONS.filter((m) => !applied?.has(m.version)).map((m) => m.name);
  if (pending.length)
    throw new PgStoreError('not_migrated', `${describeTarget(o)} is not migrated (pending: ${pending.join(', ')})`);
}
