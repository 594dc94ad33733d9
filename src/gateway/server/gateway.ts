// One gateway instance in this process: a config source feeding compiled snapshots to the
// proxy listener. A snapshot is swapped in with one assignment; in-flight requests keep theirs.
// A source error keeps the last good snapshot in force.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfigSnapshot, ConfigSource } from '../config/snapshot.js';
import { nextRequestId, writeSocketError } from '../kong/index.js';
import { compileConfig, createProxyHandler, DEFAULT_PROXY_SETTINGS, gaugeEjections, NODE_MAX_HEADER_SIZE, type CompiledConfig, type ProxySettings } from '../proxy/index.js';
import { listUnsupported, whereLabel } from '../plugins/unsupported.js';
import { closePools } from '../upstream/index.js';
import { describeThrown } from '../../common/index.js';

export interface GatewayEvents {
  /** Operational messages (reloads, rejected configs, internal errors, failed upstream calls); never a secret. */
  log(message: string): void;
  /** Once-per-configuration warnings (plugins it will refuse requests for); unset = not said (other workers). */
  warn?(message: string): void;
}

export interface Gateway {
  readonly server: Server;
  current(): CompiledConfig;
  listen(host: string, port: number): Promise<string>;
  close(): Promise<void>;
}

export function describeSnapshot(s: ConfigSnapshot): string {
  return `revision ${s.revision} from ${s.origin.location} (${s.services.length} services, ${s.routes.length} routes, ${s.plugins.length} plugins)`;
}

/** Once per snapshot: the plugins this gateway will refuse requests for (they would run in Kong). */
function warnUnsupported(compiled: CompiledConfig, events: GatewayEvents): void {
  if (compiled.plugins.unsupportedInstances.length === 0) return;
  const list = listUnsupported(compiled.snapshot);
  const names = list.map((p) => `'${p.name}' (${whereLabel(p)}, id ${p.id})`).join(', ');
  events.warn?.(
    `warning: revision ${compiled.snapshot.revision} configures ${list.length} plugin${list.length === 1 ? '' : 's'} this gateway does not run: ${names}; the requests they apply to are answered 500 and never proxied (GET /status lists them, \`ai-gateway explain\` shows which requests)`,
  );
}

/**
 * The log line for a bug in a proxy stage: the error's type and where it was thrown, never its
 * message, which may quote the request or an upstream credential (common/thrown.ts).
 */
export function internalErrorLine(stage: string, err: unknown): string {
  return `internal error in stage ${stage} (${describeThrown(err)}); the client got a 500`;
}

export async function startGateway(source: ConfigSource, events: GatewayEvents, settings: ProxySettings = DEFAULT_PROXY_SETTINGS): Promise<Gateway> {
  let compiled: CompiledConfig;
  const first = await source.start({
    onSnapshot(snapshot) {
      compiled = compileConfig(snapshot, events.log);
      events.log(`configuration ${describeSnapshot(snapshot)} loaded`);
      warnUnsupported(compiled, events);
    },
    onError(error) {
      events.log(`configuration rejected, keeping revision ${compiled.snapshot.revision}: ${error.message}`);
    },
  });
  compiled = compileConfig(first, events.log);
  warnUnsupported(compiled, events);
  const current = () => compiled;
  gaugeEjections(() => current().advanced.values()); // ai_gateway_ai_target_ejected reads the balancers in force
  const handler = createProxyHandler(
    current,
    (stage, err) => events.log(internalErrorLine(stage, err)),
    (line) => events.log(line),
    settings,
  );
  const server = createProxyServer((req, res) => void handler(req, res));
  return {
    server,
    current,
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address() as AddressInfo;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${a.port}`);
        });
      });
    },
    async close() {
      await source.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await closePools();
    },
  };
}

/**
 * The proxy listener's Node settings, chosen so Node never answers differently from the proxy
 * (proxy/limits.ts): its header-size limit sits above the proxy's 32 KB check, its 1,000-header
 * cap is lifted, its whole-request timeout (requestTimeout, 300 s) is off because nginx has none —
 * the body is bounded by client_body_timeout between reads instead — and headers must arrive
 * within 60 s (nginx client_header_timeout). What Node refuses itself gets Kong's body: 431 for
 * an oversized header section, 408 for slow headers, 400 for bad syntax.
 */
function createProxyServer(listener: Parameters<typeof createServer>[1]): Server {
  const server = createServer(
    { keepAliveTimeout: 60_000, maxHeaderSize: NODE_MAX_HEADER_SIZE, requestTimeout: 0, headersTimeout: 60_000 },
    listener,
  );
  server.maxHeadersCount = 0;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // A response still being made for an earlier request on this connection would be framed
    // after ours: just close. Otherwise answer, and close for good shortly after (the client
    // may still be sending the rest of what was refused).
    const inFlight = (socket as { _httpMessage?: unknown })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    writeSocketError(socket, status, nextRequestId());
    setTimeout(() => socket.destroy(), 2000).unref();
  });
  return server;
}
