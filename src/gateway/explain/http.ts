// GET /explain on the status listener: the same report as `ai-gateway explain`, as JSON.
// Query: method (default GET), path (required), host, and header=Name:Value (repeatable).
// `explain` makes the report: this process's own by default; a multi-worker primary asks a
// worker, which holds the ai-proxy-advanced balancers (cli/run.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { explainRequest, type ExplainReport, type ExplainRequest } from './explain.js';

export type Explainer = (snapshot: ConfigSnapshot, request: ExplainRequest) => ExplainReport | Promise<ExplainReport>;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body, null, 2));
}

/** A request handler for GET /explain; `current` returns the snapshot in force right now. */
export function explainHandler(current: () => ConfigSnapshot | undefined, explain: Explainer = (s, r) => explainRequest(s, r)) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://status.invalid');
    const path = url.searchParams.get('path');
    if (!path || !path.startsWith('/'))
      return send(res, 400, { message: "query parameter 'path' is required and must start with '/': GET /explain?method=POST&path=/hf/generate&header=apikey:KEY" });
    const headers: Record<string, string> = {};
    for (const h of url.searchParams.getAll('header')) {
      const i = h.indexOf(':');
      if (i <= 0) return send(res, 400, { message: `query parameter 'header' must be Name:Value, got '${h.slice(0, 40)}'` });
      headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
    }
    const snapshot = current();
    if (!snapshot) return send(res, 503, { message: 'no configuration has been loaded yet' });
    const host = url.searchParams.get('host');
    Promise.resolve(explain(snapshot, { method: url.searchParams.get('method') ?? 'GET', path, headers, ...(host ? { host } : {}) })).then(
      (report) => send(res, 200, report),
      (err: unknown) => send(res, 500, { message: `explain failed: ${err instanceof Error ? err.message : 'error'}` }),
    );
  };
}
