// A real Redis for tests (Debian's `redis-server`): started as a child process on a free port with
// its own temporary directory and no persistence (`--save "" --appendonly no`), stopped by PID,
// restartable on the same port (to test an outage). Where redis-server is missing the tests say
// so loudly and skip; with REQUIRE_SERVICES=1 (set by .ci/run) they fail instead. A PostgreSQL
// helper can sit beside this one with the same shape (servicesSkipReason is shared).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startProcess, type TestProcess } from './processes.js';

/** `$REDIS_SERVER`, /usr/bin/redis-server, or redis-server on PATH; undefined if absent. */
export function findRedisServer(): string | undefined {
  const candidates = [process.env.REDIS_SERVER, '/usr/bin/redis-server', ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'redis-server'))];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

/**
 * For `describe(…, { skip })`: undefined when `binary` exists; otherwise a loud skip message, or
 * a thrown error when REQUIRE_SERVICES=1 (CI must not pass by skipping).
 */
export function servicesSkipReason(what: string, binary: string | undefined, install: string): string | undefined {
  if (binary) return undefined;
  const message = `${what} not found (install Debian's \`${install}\` package)`;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${message}; REQUIRE_SERVICES=1 makes this a failure`);
  process.stderr.write(`\n!!! SKIPPING tests that need ${what}: ${message} !!!\n\n`);
  return message;
}

export function redisSkipReason(): string | undefined {
  return servicesSkipReason('redis-server', findRedisServer(), 'redis-server');
}

/** A port nobody listens on right now (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  readonly port: number;
  readonly host: '127.0.0.1';
  /** The running server process (changes on restart). */
  readonly process: TestProcess;
  /** Stops the server by PID (SIGKILL by default: an outage, not a shutdown). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server not found; guard the test with redisSkipReason()');
  const dir = mkdtempSync(join(tmpdir(), 'ai-gateway-redis-'));
  const port = await freePort();
  let proc: TestProcess;
  const launch = async () => {
    proc = startProcess(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no'], { cwd: dir });
    await proc.waitForLine(/Ready to accept connections/, 10_000);
  };
  await launch();
  return {
    port,
    host: '127.0.0.1',
    get process() {
      return proc;
    },
    stop: (signal = 'SIGKILL') => proc.kill(signal),
    start: launch,
    async close() {
      await proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
