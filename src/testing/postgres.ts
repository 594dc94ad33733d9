// A real PostgreSQL for tests: `initdb` into a temporary directory and `postgres -D dir` on a free
// port, both as the `postgres` system user (initdb refuses root; these machines run as root), the
// socket in the data directory, killed by PID (its process group: the postmaster and its
// backends) and the directory removed by stop(). Password authentication over TCP, so the
// gateway's --pg-password path is exercised. Where PostgreSQL is not installed the tests say so
// loudly and skip; with REQUIRE_SERVICES=1 (CI) they fail instead.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgConnectionInfo {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export interface TestPostgres extends PgConnectionInfo {
  readonly pid: number;
  /** `--database postgres --pg-host … --pg-password …` for bin/ai-gateway. */
  flags(): string[];
  /** Stop with SIGKILL (no shutdown checkpoint: crash recovery on the next start). */
  kill9(): Promise<void>;
  /** Fast shutdown (SIGINT) and wait. */
  shutdown(): Promise<void>;
  /** Start again on the same port and data directory. */
  start(): Promise<void>;
  /** Kill and remove the data directory. */
  stop(): Promise<void>;
}

function findBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0]!, 'bin') : undefined;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** For test({ skip }): undefined when PostgreSQL can run; a loud skip, or a throw with REQUIRE_SERVICES=1. */
export function postgresSkipReason(): string | undefined {
  const bin = findBin();
  const user = postgresUser();
  const running = process.getuid?.() === 0 ? user : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const message = !bin
    ? 'PostgreSQL not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)'
    : !running
      ? 'running as root, and there is no postgres system user to run initdb as'
      : undefined;
  if (!message) return undefined;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${message}; REQUIRE_SERVICES=1 makes this a failure`);
  process.stderr.write(`\n!!! SKIPPING PostgreSQL tests: ${message} !!!\n\n`);
  return message;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const running = new Set<TestPostgres>();

/** Stop every server started here (for an `after` hook). */
export async function stopStartedPostgres(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/**
 * `ssl`: TLS on, with a self-signed certificate for 127.0.0.1 (`caFile` is that certificate, to trust
 * it through NODE_EXTRA_CA_CERTS).
 */
export async function startPostgres(opts: { database?: string; ssl?: boolean } = {}): Promise<TestPostgres & { caFile?: string }> {
  const bin = findBin();
  if (!bin) throw new Error('PostgreSQL not found; guard the test with postgresSkipReason()');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  if (asRoot && !owner) throw new Error('no postgres system user');
  const ids = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'));
  const data = join(dir, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`);
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  const user = 'kong';
  const tls: string[] = [];
  let caFile: string | undefined;
  if (opts.ssl) {
    const cert = join(dir, 'server.crt');
    const key = join(dir, 'server.key');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    if (owner) for (const f of [cert, key]) chownSync(f, owner.uid, owner.gid);
    chmodSync(key, 0o600);
    tls.push('-c', 'ssl=on', '-c', `ssl_cert_file=${cert}`, '-c', `ssl_key_file=${key}`);
    caFile = cert;
  }
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-instructions'],
    { ...ids, encoding: 'utf8', cwd: dir },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';
  const launch = async () => {
    log = '';
    child = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=60', ...tls], {
      ...ids,
      cwd: dir,
      detached: true, // its own process group: kill9() reaches the backends too
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    child.on('error', () => undefined);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log}`);
      if (/database system is ready to accept connections/.test(log)) return;
      if (Date.now() > deadline) throw new Error(`postgres did not start within 30 s: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const waitExit = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  await launch();
  const database = opts.database ?? 'kong';
  const admin = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();

  const handle: TestPostgres & { caFile?: string } = {
    ...(caFile ? { caFile } : {}),
    host: '127.0.0.1',
    port,
    user,
    password,
    database,
    get pid() {
      return child?.pid ?? -1;
    },
    flags: () => ['--database', 'postgres', '--pg-host', '127.0.0.1', '--pg-port', String(port), '--pg-user', user, '--pg-password', password, '--pg-database', database],
    async kill9() {
      const c = child;
      signalGroup('SIGKILL');
      if (c) await waitExit(c);
      // Backends may outlive the postmaster for a moment; the next start waits for the lock file.
      await new Promise((r) => setTimeout(r, 200));
    },
    async shutdown() {
      const c = child;
      signalGroup('SIGINT');
      if (c) await waitExit(c);
    },
    async start() {
      let lastError: unknown;
      for (let i = 0; i < 20; i++) {
        try {
          return await launch();
        } catch (e) {
          lastError = e; // the old postmaster's shared memory or port may not be released yet
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      throw lastError;
    },
    async stop() {
      running.delete(handle);
      await handle.kill9();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(handle);
  return handle;
}
