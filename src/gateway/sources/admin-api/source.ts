// The gateway's own Kong-compatible Admin API as a configuration source:
// `--admin-listen 127.0.0.1:8001 [--data DIR | --in-memory | --database postgres --pg-…]`.
// Entities live in the shared Kong entity engine (src/kong-entities) on one of the backends in
// backend.ts: LMDB under the data directory (the default — an acknowledged write is fsynced, so
// it survives `kill -9`), memory for tests, or PostgreSQL shared by many nodes (postgres.ts).
// Every successful write makes a new snapshot before the response is sent, so changes take
// effect without a restart; on PostgreSQL, writes made through other nodes do too.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EntityRouter, LmdbStore, MemoryStore } from '../../../kong-entities/index.js';
import { describeThrown } from '../../../common/index.js';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../../config/snapshot.js';
import type { AdminBackend } from './backend.js';
import { adminApiHandler } from './http.js';
import { LocalBackend } from './local.js';
import { PostgresBackend, type PostgresSettings } from './postgres.js';
import { snapshotFromEngine } from './snapshot.js';

export interface AdminApiSourceOptions {
  /** "HOST:PORT"; port 0 picks a free one; "off": no listener (a node that only reads the database). Default 127.0.0.1:8001. */
  readonly listen?: string;
  /** Keep the entities in PostgreSQL, shared with every node on the same database. */
  readonly postgres?: Omit<PostgresSettings, 'log'>;
  /** Where the LMDB store lives; default: the per-user data directory (defaultAdminDataDir). */
  readonly dataDir?: string;
  /** Keep everything in memory (tests); ignores dataDir. */
  readonly inMemory?: boolean;
  /** Prints the `admin-api listening on http://HOST:PORT` line (default: stdout). */
  readonly announce?: (line: string) => void;
  readonly log?: (line: string) => void;
}

/** $XDG_DATA_HOME/ai-gateway/admin-api, else ~/.local/share/ai-gateway/admin-api. */
export function defaultAdminDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share');
  return join(base, 'ai-gateway', 'admin-api');
}

/** "127.0.0.1:8001", ":8001" or "8001" → host and port; an error message names the flag. */
export function parseListen(value: string, flag = '--admin-listen'): { host: string; port: number } | { error: string } {
  const m = value.match(/^(?:\[?([^\]]*?)\]?:)?(\d{1,5})$/);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) return { error: `${flag} must be HOST:PORT (e.g. 127.0.0.1:8001; port 0 picks a free port), got '${value}'` };
  return { host: m[1] || '127.0.0.1', port };
}

export class AdminApiSource implements ConfigSource {
  readonly origin: SnapshotOrigin;
  private readonly listen: { host: string; port: number } | undefined;
  private backend: AdminBackend | undefined;
  private server: Server | undefined;
  private revision = 0;
  private version: number | undefined;
  private address: string | undefined;

  constructor(private readonly opts: AdminApiSourceOptions = {}) {
    if (opts.listen === 'off') this.listen = undefined;
    else {
      const listen = parseListen(opts.listen ?? '127.0.0.1:8001');
      if ('error' in listen) throw new Error(listen.error);
      this.listen = listen;
    }
    const where = this.listen ? `${this.listen.host}:${this.listen.port}` : 'no listener';
    const store = opts.postgres
      ? `postgres ${opts.postgres.pg.host}:${opts.postgres.pg.port}/${opts.postgres.pg.database}`
      : opts.inMemory
        ? 'in memory'
        : `data ${opts.dataDir ?? defaultAdminDataDir()}`;
    this.origin = { kind: 'admin-api', location: `${where} (${store})` };
  }

  /** The base URL once listening (http://HOST:PORT). */
  get url(): string | undefined {
    return this.address;
  }

  private async open(): Promise<AdminBackend> {
    if (this.opts.postgres) return PostgresBackend.open({ ...this.opts.postgres, ...(this.opts.log ? { log: this.opts.log } : {}) });
    if (this.opts.inMemory) return new LocalBackend(new MemoryStore(), 'off', 'memory');
    const dir = this.opts.dataDir ?? defaultAdminDataDir();
    return new LocalBackend(new LmdbStore(dir), 'lmdb', dir);
  }

  /** The current configuration, read from a consistent view of the store (`reading` runs as the read starts). */
  private async snapshot(backend: AdminBackend, reading?: () => void): Promise<ConfigSnapshot> {
    return backend.view(() => {
      reading?.();
      this.version = backend.version();
      return snapshotFromEngine(backend.engine, this.origin, ++this.revision);
    });
  }

  /** What /status shows about this source. */
  status(): Record<string, unknown> {
    return { source: this.origin.kind, location: this.origin.location, ...(this.backend?.status?.() ?? {}) };
  }

  async start(handlers: { onSnapshot(s: ConfigSnapshot): void; onError(e: Error): void }): Promise<ConfigSnapshot> {
    const backend = (this.backend = await this.open());
    const first = await this.snapshot(backend);
    // A new snapshot when something changed: after every write here (LMDB), or when the
    // database's version moved (PostgreSQL: a write here or on another node). A change that
    // arrives while a snapshot is queued but has not started reading joins it (it will read this
    // change too): so a write here and its own NOTIFY coming back make one snapshot, not two,
    // whichever arrives first.
    let queued: { done?: Promise<void> } | undefined;
    const changed = (force: boolean): Promise<void> => {
      if (queued?.done) return queued.done;
      const v = backend.version();
      if (v === undefined ? !force : v === this.version) return Promise.resolve();
      const build: { done?: Promise<void> } = (queued = {});
      build.done = this.snapshot(backend, () => {
        if (queued === build) queued = undefined; // reading starts (at once in memory and LMDB): later changes need a later snapshot
      })
        .then(
          (s) => handlers.onSnapshot(s),
          (e: unknown) => handlers.onError(e instanceof Error ? e : new Error(String(e))),
        )
        .finally(() => {
          if (queued === build) queued = undefined; // failed before reading: never block later changes
        });
      return build.done;
    };
    backend.watch?.(() => void changed(false));
    if (!this.listen) return first;
    const router = new EntityRouter(backend.engine, { dialect: 'kong' });
    const info = () => ({ tagline: 'Welcome to kong', version: '3.11.0', configuration: { database: backend.database, admin_listen: [`${this.listen!.host}:${this.listen!.port}`] } });
    const handle = adminApiHandler({ router, run: (write, fn) => backend.run(write, fn), onWrite: () => changed(true), info });
    this.server = createServer((req, res) => {
      handle(req, res).catch((e: unknown) => {
        this.opts.log?.(`admin-api: internal error on ${req.method} ${(req.url ?? '').split('?')[0]!.slice(0, 200)} (${describeThrown(e)}); answered 500`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ message: 'An unexpected error occurred' }));
      });
    });
    const { host, port } = this.listen;
    try {
      await new Promise<void>((resolve, reject) => {
        this.server!.once('error', (e: NodeJS.ErrnoException) =>
          reject(new Error(e.code === 'EADDRINUSE' ? `--admin-listen ${host}:${port}: the address is in use; pick another port (0 picks a free one)` : `--admin-listen: ${e.message}`)),
        );
        this.server!.listen(port, host, resolve);
      });
    } catch (e) {
      await backend.close();
      throw e;
    }
    const addr = this.server.address() as AddressInfo;
    this.address = `http://${addr.address}:${addr.port}`;
    (this.opts.announce ?? ((l: string) => console.log(l)))(`admin-api listening on ${this.address}`);
    return first;
  }

  async stop(): Promise<void> {
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((r) => this.server!.close(() => r()));
    }
    await this.backend?.close();
  }
}
