// bin/ai-gateway's command line: flags, their environment mirrors, and --help.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT_BODY_TIMEOUT_MS } from '../proxy/index.js';
import { parseDuration, parseSourceFlags, type SourceFlags } from '../sources/flags.js';

export const HELP = `Usage: ai-gateway SOURCE [--proxy-listen 127.0.0.1:8000] [--status-listen 127.0.0.1:8100] [--workers N]
       ai-gateway explain SOURCE --method M --path P [--header K:V]... [--host H] [--json]
       ai-gateway migrations up|list --database postgres [--pg-… flags]

A local Kong-compatible AI gateway: routes as Kong does and proxies Hugging Face traffic the way
Kong's ai-proxy plugin does, from a decK kong.yaml (_format_version "3.0", \${{ env "DECK_…" }}).

SOURCE is exactly one of:
  --config FILE          decK state file                                     env AI_GATEWAY_CONFIG
  --kic PATH             Kong Ingress Controller manifests (a file or a directory, watched;
                         - reads standard input once, as kubectl apply -f - does: no reload)
  --konnect-url URL --control-plane NAME_OR_ID [--konnect-token T] [--poll-interval 5s]
                         a Konnect control plane (or bin/mock-konnect), polled; the token
                         also from KONNECT_TOKEN and never printed
  --admin-listen H:P [--data DIR | --in-memory]
                         the gateway's own Kong-compatible Admin API (e.g. 127.0.0.1:8001),
                         durable in LMDB under DIR (default ~/.local/share/ai-gateway/admin-api)
  --admin-listen H:P|off --database postgres [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user kong]
                         [--pg-password PW] [--pg-database kong] [--pg-timeout 5000]
                         [--pg-ssl on|off] [--pg-ssl-verify on|off]
                         [--db-update-frequency 5] [--db-notify on|off]
                         the Admin API on PostgreSQL, shared by every node on the database: a write
                         through any node is in force on all of them at once (LISTEN/NOTIFY), or
                         within the update frequency (polling); env KONG_DATABASE, KONG_PG_HOST,
                         KONG_PG_PORT, KONG_PG_USER, KONG_PG_PASSWORD (never printed), KONG_PG_DATABASE,
                         KONG_PG_TIMEOUT, KONG_PG_SSL, KONG_PG_SSL_VERIFY (trusted CAs: Node's, plus
                         NODE_EXTRA_CA_CERTS), KONG_DB_UPDATE_FREQUENCY. Create the schema first with
                         ai-gateway migrations up --database postgres --pg-… (migrations list shows it)

  --proxy-listen H:P     proxy listener (default 127.0.0.1:8000; port 0 = free port)   env AI_GATEWAY_PROXY_LISTEN
  --status-listen H:P    status listener with /status and /metrics (default 127.0.0.1:8100)   env AI_GATEWAY_STATUS_LISTEN
  --workers N            worker processes sharing the proxy listener (default: one per core)   env AI_GATEWAY_WORKERS
  --client-body-timeout D
                         longest wait between two reads of a request body, then 408 (Kong's
                         client_body_timeout; default 60s; e.g. 1s, 500ms)   env AI_GATEWAY_CLIENT_BODY_TIMEOUT
  --help                 this text

explain prints the matched route, the key-auth consumer and groups, the ai-proxy instance that
will run (id, scope, source) and why every other instance lost; the status listener answers
GET /explain?method=POST&path=/hf/generate&header=apikey:KEY with the same report as JSON.

Prints "proxy listening on http://H:P" and "status listening on http://H:P" when ready.
SIGHUP (or a change to the file) reloads the configuration; a bad file is reported on stderr
and the last good configuration stays in force. Usage statistics (logging.log_statistics) are
written to stdout as one JSON line per request.`;

export interface Listen {
  readonly host: string;
  readonly port: number;
}

export interface GatewayOptions {
  /** The configuration source flags (exactly one source; see sources/flags.ts). */
  readonly sources: SourceFlags;
  readonly proxy: Listen;
  readonly status: Listen;
  readonly workers: number;
  /** nginx client_body_timeout in milliseconds. */
  readonly clientBodyTimeoutMs: number;
}

export type ParsedOptions = { readonly help: true } | { readonly help: false; readonly options: GatewayOptions } | { readonly error: string };

function listen(flag: string, value: string): Listen | string {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(value);
  if (!m || Number(m[2]) > 65535) return `--${flag}: expected HOST:PORT (e.g. 127.0.0.1:8000; port 0 picks a free port), got "${value}"`;
  return { host: m[1] === '' ? '127.0.0.1' : m[1]!, port: Number(m[2]) };
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedOptions {
  const pre = parseSourceFlags(argv);
  if ('error' in pre) return { error: pre.error };
  let values;
  try {
    ({ values } = parseArgs({
      args: pre.rest,
      options: {
        config: { type: 'string' },
        'proxy-listen': { type: 'string' },
        'status-listen': { type: 'string' },
        workers: { type: 'string' },
        'client-body-timeout': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    return { error: (err as Error).message };
  }
  if (values.help) return { help: true };
  const f = pre.flags;
  const anySource = [f.config, f.kic, f.konnectUrl, f.controlPlane, f.adminListen, f.dataDir, f.inMemory, f.database].some((v) => v !== undefined);
  const sources: SourceFlags = !anySource && env.AI_GATEWAY_CONFIG ? { ...f, config: env.AI_GATEWAY_CONFIG } : f;
  if (!anySource && !env.AI_GATEWAY_CONFIG)
    return { error: 'no configuration source: pass one of --config kong.yaml, --kic PATH, --konnect-url URL --control-plane NAME_OR_ID, or --admin-listen 127.0.0.1:8001' };
  const proxy = listen('proxy-listen', values['proxy-listen'] ?? env.AI_GATEWAY_PROXY_LISTEN ?? '127.0.0.1:8000');
  if (typeof proxy === 'string') return { error: proxy };
  const status = listen('status-listen', values['status-listen'] ?? env.AI_GATEWAY_STATUS_LISTEN ?? '127.0.0.1:8100');
  if (typeof status === 'string') return { error: status };
  const rawWorkers = values.workers ?? env.AI_GATEWAY_WORKERS;
  const workers = rawWorkers === undefined ? availableParallelism() : Number(rawWorkers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) return { error: `--workers: expected a whole number from 1 to 256, got "${rawWorkers}"` };
  const rawBodyTimeout = values['client-body-timeout'] ?? env.AI_GATEWAY_CLIENT_BODY_TIMEOUT;
  const clientBodyTimeoutMs = rawBodyTimeout === undefined ? DEFAULT_CLIENT_BODY_TIMEOUT_MS : parseDuration(rawBodyTimeout);
  if (clientBodyTimeoutMs === undefined || clientBodyTimeoutMs < 1)
    return { error: `--client-body-timeout: expected a duration such as 60s, 1s or 500ms, got "${rawBodyTimeout}"` };
  return { help: false, options: { sources, proxy, status, workers, clientBodyTimeoutMs } };
}
