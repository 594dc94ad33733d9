// The Admin API on PostgreSQL (`--database postgres --pg-host … --pg-port … --pg-user …
// --pg-password … --pg-database …`, Kong's names; KONG_DATABASE and KONG_PG_* as well). Every
// node on the same database serves the same entities: a write through any node's Admin API is
// one SQL transaction (kong-entities/pg), and the other nodes learn of it by LISTEN/NOTIFY
// within milliseconds or, if notifications are off or lost, by polling every
// --db-update-frequency (default 5 s, as Kong's db_update_frequency).
// When the database goes away, the proxy keeps the last good configuration, /status says
// `stale`, the Admin API answers 503, and the log says so once when it starts and once when it
// ends; the node catches up by itself when the database is back. The password is never printed.
import { describeTarget, EntityEngine, PgStore, PgStoreError, type PgOptions } from '../../../kong-entities/index.js';
import { type AdminBackend, BackendUnavailable } from './backend.js';

export interface PostgresSettings {
  readonly pg: PgOptions;
  /** How often to poll for changes made by other nodes (ms); also the retry interval in an outage. */
  readonly updateFrequencyMs: number;
  /** LISTEN for change notifications (near-instant propagation); polling stays as the fallback. */
  readonly notify: boolean;
  readonly log?: (line: string) => void;
}

/** What the operator should do about a start-up failure, naming the flags (never the password). */
export function startupError(e: unknown, pg: PgOptions): Error {
  if (!(e instanceof PgStoreError)) return e instanceof Error ? e : new Error(String(e));
  const fix: Record<string, string> = {
    unreachable: 'check --pg-host and --pg-port (KONG_PG_HOST, KONG_PG_PORT) and that the server is running',
    timeout: 'check --pg-host and --pg-port, or raise --pg-timeout (KONG_PG_TIMEOUT)',
    auth: 'check --pg-user and --pg-password (KONG_PG_USER, KONG_PG_PASSWORD)',
    no_database: `create it (createdb ${pg.database}) or pass --pg-database (KONG_PG_DATABASE)`,
    not_migrated: `run: ai-gateway migrations up --database postgres --pg-host ${pg.host} --pg-port ${pg.port} --pg-user ${pg.user} --pg-database ${pg.database} (and --pg-password or KONG_PG_PASSWORD)`,
    conflict: 'retry',
    tls: 'check --pg-ssl and --pg-ssl-verify (KONG_PG_SSL, KONG_PG_SSL_VERIFY); to verify a certificate from your own CA, give Node the CA with NODE_EXTRA_CA_CERTS=/path/ca.pem',
    other: 'see the message above',
  };
  return new Error(`--database postgres: ${e.message}; ${fix[e.code]}`);
}

type State = 'ok' | 'stale';

export class PostgresBackend implements AdminBackend {
  readonly engine: EntityEngine;
  readonly database = 'postgres';
  readonly location: string;
  private state: State = 'ok';
  private lastError: { message: string; at: string } | null = null;
  private lastSuccessAt = new Date().toISOString();
  private staleSince: string | undefined;
  private notifyState: 'off' | 'connecting' | 'listening' | 'lost' = 'off';
  private listener: { close(): Promise<void> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;
  private again = false;
  private closed = false;
  private onChange: (() => void) | undefined;
  private announced = -1;

  private constructor(
    private readonly store: PgStore,
    private readonly s: PostgresSettings,
  ) {
    this.engine = new EntityEngine(store);
    this.location = describeTarget(s.pg);
  }

  /** Connect, check the schema, read everything; a failure names the flag to fix. */
  static async open(s: PostgresSettings): Promise<PostgresBackend> {
    try {
      return new PostgresBackend(await PgStore.open(s.pg), s);
    } catch (e) {
      throw startupError(e, s.pg);
    }
  }

  async run<T>(write: boolean, fn: () => T): Promise<T> {
    try {
      const out = await (write ? this.store.unit(fn) : this.store.fresh(fn));
      this.succeeded();
      // A read that caught up with other nodes' writes changes the configuration too.
      if (!write) this.announce();
      return out;
    } catch (e) {
      // Only an unreachable database is an outage; anything else is answered 500 and logged.
      if (!(e instanceof PgStoreError) || (e.code !== 'unreachable' && e.code !== 'timeout')) throw e;
      this.failed(e);
      throw new BackendUnavailable(
        `the database is unavailable (${e.message}); the Admin API cannot ${write ? 'write' : 'read'} until it is back, and the proxy keeps the last good configuration`,
      );
    }
  }

  view<T>(fn: () => T): Promise<T> {
    return this.store.serial(fn);
  }

  version(): number {
    return this.store.currentVersion;
  }

  watch(onChange: () => void): void {
    this.onChange = onChange;
    this.announced = this.store.currentVersion;
    if (this.s.notify) void this.relisten();
    this.schedule();
  }

  status(): Record<string, unknown> {
    return {
      database: 'postgres',
      target: this.location,
      // ok: the last read of the database succeeded; stale: it is unreachable and the last good configuration is in force.
      state: this.state,
      version: this.store.currentVersion,
      last_success_at: this.lastSuccessAt,
      last_error: this.lastError,
      notify: this.notifyState,
      update_frequency_ms: this.s.updateFrequencyMs,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.listener?.close();
    await this.store.close();
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      if (this.s.notify && this.notifyState === 'lost') void this.relisten();
      void this.refresh().finally(() => this.schedule());
    }, this.s.updateFrequencyMs);
    this.timer.unref();
  }

  /** One LISTEN connection at a time: a connect still in progress (the database slow or away) is not doubled. */
  private async relisten(): Promise<void> {
    this.notifyState = 'connecting';
    try {
      this.listener = await this.store.listen(
        () => void this.refresh(),
        () => {
          // The connection broke: find out now whether the database is gone (said once).
          this.notifyState = 'lost';
          this.listener = undefined;
          void this.refresh();
        },
      );
      if (this.closed) return void (await this.listener.close());
      this.notifyState = 'listening';
      void this.refresh(); // anything committed while not listening
    } catch (e) {
      this.notifyState = 'lost';
      if (e instanceof PgStoreError) this.failed(e);
    }
  }

  /** Catch up (coalesced: a notification during a refresh makes one more). */
  private async refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.again = false;
        try {
          await this.store.refresh();
          this.succeeded();
          this.announce();
        } catch (e) {
          if (e instanceof PgStoreError) this.failed(e);
          else throw e;
        }
      } while (this.again && !this.closed);
    } finally {
      this.refreshing = false;
    }
  }

  /** Tell the source when the version moved since it was last told (by any path: refresh, read or write). */
  private announce(): void {
    const v = this.store.currentVersion;
    if (v === this.announced) return;
    this.announced = v;
    this.onChange?.();
  }

  private succeeded(): void {
    this.lastSuccessAt = new Date().toISOString();
    if (this.state === 'ok') return;
    this.state = 'ok';
    this.lastError = null;
    this.s.log?.(`admin-api: ${this.location} is reachable again (unavailable since ${this.staleSince}); configuration at version ${this.store.currentVersion}`);
    this.staleSince = undefined;
  }

  private failed(e: PgStoreError): void {
    this.lastError = { message: e.message, at: new Date().toISOString() };
    if (this.state === 'stale') return;
    this.state = 'stale';
    this.staleSince = this.lastError.at;
    this.s.log?.(
      `admin-api: ${e.message}; keeping the last good configuration (version ${this.store.currentVersion}, read at ${this.lastSuccessAt}) and retrying every ${this.s.updateFrequencyMs} ms`,
    );
  }
}
