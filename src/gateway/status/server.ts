// The status listener: GET /status (Kong-like JSON: server state and the configuration in
// force) and GET /metrics (Prometheus text from prom-client; under node:cluster the primary
// aggregates every worker's registry).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface StatusSource {
  status(): Promise<Record<string, unknown>> | Record<string, unknown>;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** GET /explain (src/gateway/explain/http.ts), when the process has a snapshot to explain. */
  explain?(req: IncomingMessage, res: ServerResponse): void;
}

export function createStatusServer(source: StatusSource): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'application/json; charset=utf-8', '{"message":"Method not allowed"}');
    if (path === '/status') {
      Promise.resolve(source.status())
        .then((s) => send(200, 'application/json; charset=utf-8', JSON.stringify(s)))
        .catch((e: Error) => send(500, 'application/json; charset=utf-8', JSON.stringify({ message: e.message })));
    } else if (path === '/metrics') {
      source
        .metrics()
        .then((m) => send(200, m.contentType, m.body))
        .catch((e: Error) => send(500, 'text/plain; charset=utf-8', `metrics unavailable: ${e.message}\n`));
    } else if (path === '/explain' && source.explain) {
      source.explain(req, res);
    } else send(404, 'application/json; charset=utf-8', '{"message":"Not found"}');
  });
}
