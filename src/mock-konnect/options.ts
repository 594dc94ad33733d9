// Command-line options of bin/mock-konnect, parsed with node:util's parseArgs.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEV_TOKEN } from './auth.js';

export interface MockKonnectCliOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string | undefined; // undefined = in memory
  readonly tokens: readonly string[];
  readonly failRate: number;
  readonly failStatus: 429 | 500 | 503;
  readonly latencyMs: number;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'konnect-tf-ts', 'mock-konnect');
}

export const HELP = `mock-konnect — the Konnect control-plane and core-entities API, local and durable

Usage: mock-konnect [--listen HOST:PORT] [--data DIR | --in-memory] [--token T]...
                    [--fail-rate R] [--fail-status 429|500|503] [--latency MS]

  --listen HOST:PORT   where to listen (default 127.0.0.1:8080; port 0 picks a free port).
                       Prints "mock-konnect listening on http://HOST:PORT" when ready.
  --data DIR           state directory (LMDB; default $XDG_DATA_HOME/konnect-tf-ts/mock-konnect,
                       i.e. ~/.local/share/konnect-tf-ts/mock-konnect). Writes are on disk
                       before the response is sent.
  --in-memory          keep state in memory only (tests).
  --token T            accept this bearer token (repeatable; kpat_… or spat_…). Default, when
                       none is given: the development token
                       ${DEFAULT_DEV_TOKEN}
  --fail-rate R        answer a fraction R (0..1) of API requests with --fail-status instead.
  --fail-status S      429, 500 or 503 (default 503).
  --latency MS         delay every API response by MS milliseconds.
  --help               this text.

Point a Konnect client at it with server_url = "http://HOST:PORT" (a region prefix such as
/us/v2/... in the path, or a region host, is accepted and ignored). Admin endpoints (no token):
GET/DELETE /_mock/requests (the request log, secrets redacted), GET /_mock/health.
Environment: MOCK_KONNECT_LISTEN, MOCK_KONNECT_DATA, MOCK_KONNECT_TOKENS (comma-separated).`;

export type Parsed = { ok: true; options: MockKonnectCliOptions } | { ok: false; help?: true; error?: string };

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Parsed {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        listen: { type: 'string' },
        data: { type: 'string' },
        'in-memory': { type: 'boolean' },
        token: { type: 'string', multiple: true },
        'fail-rate': { type: 'string' },
        'fail-status': { type: 'string' },
        latency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    return { ok: false, error: `${(err as Error).message}; see --help` };
  }
  if (values.help) return { ok: false, help: true };
  const listen = values.listen ?? env.MOCK_KONNECT_LISTEN ?? '127.0.0.1:8080';
  const m = /^(.*):(\d+)$/.exec(listen);
  if (!m || Number(m[2]) > 65535) return { ok: false, error: `--listen: expected HOST:PORT (e.g. 127.0.0.1:8080), got "${listen}"` };
  if (values.data && values['in-memory']) return { ok: false, error: '--data and --in-memory exclude each other: pass one' };
  const failRate = Number(values['fail-rate'] ?? '0');
  if (!(failRate >= 0 && failRate <= 1)) return { ok: false, error: '--fail-rate: expected a number between 0 and 1' };
  const failStatus = Number(values['fail-status'] ?? '503');
  if (failStatus !== 429 && failStatus !== 500 && failStatus !== 503) return { ok: false, error: '--fail-status: expected 429, 500 or 503' };
  const latencyMs = Number(values.latency ?? '0');
  if (!(latencyMs >= 0)) return { ok: false, error: '--latency: expected a number of milliseconds (0 or more)' };
  const tokens = values.token?.length ? values.token : env.MOCK_KONNECT_TOKENS ? env.MOCK_KONNECT_TOKENS.split(',').filter(Boolean) : [DEFAULT_DEV_TOKEN];
  const bad = tokens.find((t) => !/^(kpat|spat)_\S+$/.test(t));
  if (bad !== undefined) return { ok: false, error: '--token: a token must start with kpat_ or spat_ (the value is not shown)' };
  return {
    ok: true,
    options: {
      host: m[1]!.replace(/^\[|\]$/g, ''),
      port: Number(m[2]),
      dataDir: values['in-memory'] ? undefined : (values.data ?? env.MOCK_KONNECT_DATA ?? defaultDataDir(env)),
      tokens,
      failRate,
      failStatus,
      latencyMs,
    },
  };
}
