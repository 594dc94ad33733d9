// bin/ai-gateway's command line: flags, their environment mirrors, and --help.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

export const HELP = `Usage: ai-gateway --config kong.yaml [--proxy-listen 127.0.0.1:8000] [--status-listen 127.0.0.1:8100] [--workers N]

A local Kong-compatible AI gateway: routes as Kong does and proxies Hugging Face traffic the way
Kong's ai-proxy plugin does, from a decK kong.yaml (_format_version "3.0", \${{ env "DECK_…" }}).

  --config FILE          decK state file (required)                          env AI_GATEWAY_CONFIG
  --proxy-listen H:P     proxy listener (default 127.0.0.1:8000; port 0 = free port)   env AI_GATEWAY_PROXY_LISTEN
  --status-listen H:P    status listener with /status and /metrics (default 127.0.0.1:8100)   env AI_GATEWAY_STATUS_LISTEN
  --workers N            worker processes sharing the proxy listener (default: one per core)   env AI_GATEWAY_WORKERS
  --help                 this text

Prints "proxy listening on http://H:P" and "status listening on http://H:P" when ready.
SIGHUP (or a change to the file) reloads the configuration; a bad file is reported on stderr
and the last good configuration stays in force. Usage statistics (logging.log_statistics) are
written to stdout as one JSON line per request.`;

export interface Listen {
  readonly host: string;
  readonly port: number;
}

export interface GatewayOptions {
  readonly config: string;
  readonly proxy: Listen;
  readonly status: Listen;
  readonly workers: number;
}

export type ParsedOptions = { readonly help: true } | { readonly help: false; readonly options: GatewayOptions } | { readonly error: string };

function listen(flag: string, value: string): Listen | string {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(value);
  if (!m || Number(m[2]) > 65535) return `--${flag}: expected HOST:PORT (e.g. 127.0.0.1:8000; port 0 picks a free port), got "${value}"`;
  return { host: m[1] === '' ? '127.0.0.1' : m[1]!, port: Number(m[2]) };
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        'proxy-listen': { type: 'string' },
        'status-listen': { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    return { error: (err as Error).message };
  }
  if (values.help) return { help: true };
  const config = values.config ?? env.AI_GATEWAY_CONFIG;
  if (!config) return { error: '--config: required; pass the decK kong.yaml to serve (e.g. --config kong.yaml)' };
  const proxy = listen('proxy-listen', values['proxy-listen'] ?? env.AI_GATEWAY_PROXY_LISTEN ?? '127.0.0.1:8000');
  if (typeof proxy === 'string') return { error: proxy };
  const status = listen('status-listen', values['status-listen'] ?? env.AI_GATEWAY_STATUS_LISTEN ?? '127.0.0.1:8100');
  if (typeof status === 'string') return { error: status };
  const rawWorkers = values.workers ?? env.AI_GATEWAY_WORKERS;
  const workers = rawWorkers === undefined ? availableParallelism() : Number(rawWorkers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) return { error: `--workers: expected a whole number from 1 to 256, got "${rawWorkers}"` };
  return { help: false, options: { config, proxy, status, workers } };
}
