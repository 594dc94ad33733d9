// The Admin API's HTTP layer: Kong's entity endpoints (the shared EntityRouter from
// src/kong-entities, Kong dialect, mounted at `/`), JSON bodies, Kong's answers for what the
// router does not cover (`GET /`, unknown paths, unparsable bodies). `onWrite` runs after every
// successful change, before the response is sent, so an acknowledged write is already in force.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityRouter } from '../../../kong-entities/index.js';
import { expandServiceUrl, isServicePath } from './service-url.js';
import { WORKSPACE } from './snapshot.js';

const MAX_BODY = 10 * 1024 * 1024;

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

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function adminApiHandler(router: EntityRouter, onWrite: () => void, info: () => Record<string, unknown>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/' && method === 'GET') return send(res, 200, info());
    const raw = await readBody(req);
    if (raw === 'too-large') return send(res, 413, { message: 'Request body too large' });
    let body: unknown;
    if (raw.length > 0) {
      const type = (req.headers['content-type'] ?? 'application/json').toLowerCase();
      if (!type.includes('json'))
        return send(res, 415, { message: `Content-Type ${type.split(';')[0]} is not supported here; send the body as JSON with Content-Type: application/json` });
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, 400, { message: 'Cannot parse JSON body' });
      }
    }
    if (isServicePath(url.pathname)) body = expandServiceUrl(body);
    const out = router.handle(WORKSPACE, { method, path: url.pathname, query: url.searchParams, body });
    if (!out) return send(res, 404, { message: 'Not found' });
    if (method !== 'GET' && out.status < 300) onWrite();
    send(res, out.status, out.body);
  };
}
