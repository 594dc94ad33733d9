// One gateway instance in this process: a config source feeding compiled snapshots to the
// proxy listener. A snapshot is swapped in with one assignment; in-flight requests keep theirs.
// A source error keeps the last good snapshot in force.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfigSnapshot, ConfigSource } from '../config/snapshot.js';
import { compileConfig, createProxyHandler, type CompiledConfig } from '../proxy/index.js';
import { listUnsupported, whereLabel } from '../plugins/unsupported.js';
import { closePools } from '../upstream/index.js';

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

export async function startGateway(source: ConfigSource, events: GatewayEvents): Promise<Gateway> {
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
  const handler = createProxyHandler(
    current,
    (stage, err) => events.log(`internal error in stage ${stage}: ${err instanceof Error ? err.message : String(err)}`),
    (line) => events.log(line),
  );
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => void handler(req, res));
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
