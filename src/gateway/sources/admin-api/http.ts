// The Admin API's HTTP layer: Kong's entity endpoints (the shared EntityRouter from
// src/kong-entities, Kong dialect, mounted at `/`), JSON bodies, Kong's answers for what the
// router does not cover (`GET /`, unknown paths, unparsable bodies) and for hostile input
// (413 past the body cap, 400 for malformed percent-escapes and over-deep JSON — never a 500).
// `run` makes one request's engine calls atomic on the backend (one SQL transaction on
// PostgreSQL); `onWrite` runs after every successful change, before the response is sent, so an
// acknowledged write is already in force. A backend that cannot reach its database answers 503.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type EntityRouter, malformedEscape, MAX_BODY_BYTES, parseJsonBody, readBody } from '../../../kong-entities/index.js';
import { BackendUnavailable } from './backend.js';
import { WORKSPACE } from './snapshot.js';

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { 'content-length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface AdminApiHandlerOptions {
  readonly router: EntityRouter;
  readonly run: <T>(write: boolean, fn: () => T) => Promise<T>;
  readonly onWrite: () => Promise<void>;
  readonly info: () => Record<string, unknown>;
}

export function adminApiHandler({ router, run, onWrite, info }: AdminApiHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const read = await readBody(req);
    if (!read.ok && read.reason === 'aborted') return void res.destroy();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://admin.invalid');
    } catch {
      return send(res, 400, { message: 'Bad request: the request target is not a valid URL path' });
    }
    // Kong's texts (kong/error_handlers.lua) with what to do added.
    if (!read.ok) return send(res, 413, { message: `Payload too large: the body exceeds ${MAX_BODY_BYTES} bytes` });
    const malformed = malformedEscape(url.pathname);
    if (malformed !== undefined)
      return send(res, 400, { message: `Bad request: invalid url-encoded value '${malformed}' in the path; write a literal % as %25` });
    if (url.pathname === '/' && method === 'GET') return send(res, 200, info());
    let body: unknown;
    if (read.raw.length > 0) {
      const type = (req.headers['content-type'] ?? 'application/json').toLowerCase();
      if (!type.includes('json'))
        return send(res, 415, { message: `Content-Type ${type.split(';')[0]} is not supported here; send the body as JSON with Content-Type: application/json` });
      const parsed = parseJsonBody(read.raw.toString('utf8'));
      if (!parsed.ok) return send(res, 400, { message: parsed.reason === 'too_deep' ? `Cannot parse JSON body: ${parsed.message}` : 'Cannot parse JSON body' });
      body = parsed.value;
    }
    const write = method !== 'GET' && method !== 'HEAD';
    let out;
    try {
      out = await run(write, () => router.handle(WORKSPACE, { method, path: url.pathname, query: url.searchParams, body }));
    } catch (e) {
      if (e instanceof BackendUnavailable) return send(res, 503, { message: e.message });
      throw e;
    }
    if (!out) return send(res, 404, { message: 'Not found' });
    if (write && out.status < 300) await onWrite();
    send(res, out.status, out.body);
  };
}
