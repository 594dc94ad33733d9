// The gateway's own Kong-compatible Admin API as a configuration source:
// `--admin-listen 127.0.0.1:8001 [--data DIR]`. Entities live in the shared Kong entity engine
// (src/kong-entities) over LMDB under the data directory — an acknowledged write is fsynced,
// so it survives `kill -9` — or in memory for tests. Every successful write makes a new
// snapshot before the response is sent, so changes take effect without a restart.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EntityEngine, EntityRouter, LmdbStore, MemoryStore, type KeyValueStore } from '../../../kong-entities/index.js';
import { describeThrown } from '../../../common/index.js';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../../config/snapshot.js';
import { adminApiHandler } from './http.js';
import { snapshotFromEngine } from './snapshot.js';

export interface AdminApiSourceOptions {
  /** "HOST:PORT"; port 0 picks a free one. Default 127.0.0.1:8001. */
  readonly listen?: string;
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
  readonly engine: EntityEngine;
  private readonly store: KeyValueStore;
  private readonly host: string;
  private readonly port: number;
  private server: Server | undefined;
  private revision = 0;
  private address: string | undefined;

  constructor(private readonly opts: AdminApiSourceOptions = {}) {
    const listen = parseListen(opts.listen ?? '127.0.0.1:8001');
    if ('error' in listen) throw new Error(listen.error);
    this.host = listen.host;
    this.port = listen.port;
    const dir = opts.dataDir ?? defaultAdminDataDir();
    this.store = opts.inMemory ? new MemoryStore() : new LmdbStore(dir);
    this.engine = new EntityEngine(this.store);
    this.origin = { kind: 'admin-api', location: `${this.host}:${this.port}${opts.inMemory ? ' (in memory)' : ` (data ${dir})`}` };
  }

  /** The base URL once listening (http://HOST:PORT). */
  get url(): string | undefined {
    return this.address;
  }

  /** The current configuration, read from the store now. */
  snapshot(): ConfigSnapshot {
    return snapshotFromEngine(this.engine, this.origin, ++this.revision);
  }

  async start(handlers: { onSnapshot(s: ConfigSnapshot): void; onError(e: Error): void }): Promise<ConfigSnapshot> {
    const first = this.snapshot();
    const router = new EntityRouter(this.engine, { dialect: 'kong' });
    const onWrite = () => {
      try {
        handlers.onSnapshot(this.snapshot());
      } catch (e) {
        handlers.onError(e instanceof Error ? e : new Error(String(e)));
      }
    };
    const info = () => ({ tagline: 'Welcome to kong', version: '3.11.0', configuration: { database: this.opts.inMemory ? 'off' : 'lmdb', admin_listen: [`${this.host}:${this.port}`] } });
    const handle = adminApiHandler(router, onWrite, info);
    this.server = createServer((req, res) => {
      handle(req, res).catch((e: unknown) => {
        this.opts.log?.(`admin-api: internal error on ${req.method} ${(req.url ?? '').split('?')[0]!.slice(0, 200)} (${describeThrown(e)}); answered 500`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ message: 'An unexpected error occurred' }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', (e: NodeJS.ErrnoException) =>
        reject(new Error(e.code === 'EADDRINUSE' ? `--admin-listen ${this.host}:${this.port}: the address is in use; pick another port (0 picks a free one)` : `--admin-listen: ${e.message}`)),
      );
      this.server!.listen(this.port, this.host, resolve);
    });
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
    await this.store.close();
  }
}
