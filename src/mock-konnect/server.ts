// The mock Konnect HTTP server (node:http): auth, region prefixes, fault injection, the request
// log, control planes, and the shared Kong entity router mounted under
// /v2/control-planes/{id}/core-entities.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeSegment,
  EntityEngine,
  EntityRouter,
  type KeyValueStore,
  malformedEscape,
  MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  parseJsonBody,
  readBody,
} from '../kong-entities/index.js';
import { bearerToken, tokenAccepted } from './auth.js';
import { ControlPlanes } from './control-planes.js';
import { problem } from './problem.js';
import { RequestLog } from './request-log.js';

export interface MockKonnectOptions {
  readonly store: KeyValueStore;
  readonly tokens: readonly string[];
  readonly failRate?: number;
  readonly failStatus?: number;
  readonly latencyMs?: number;
  readonly random?: () => number;
}

/** Request bodies larger than this are logged as their size only. */
const LOGGED_BODY_MAX = 64 * 1024;
const CP_PATH = /^\/v2\/control-planes(?:\/([^/]+))?\/?$/;
const CORE_PATH = /^\/v2\/control-planes\/([^/]+)\/core-entities(\/.*)?$/;
const HASH_PATH = /^\/v2\/control-planes\/([^/]+)\/expected-config-hash\/?$/;

interface Reply {
  status: number;
  body?: unknown;
  contentType?: string;
}

export class MockKonnect {
  readonly engine: EntityEngine;
  readonly controlPlanes: ControlPlanes;
  readonly log = new RequestLog();
  private readonly router: EntityRouter;
  private server: Server | undefined;

  constructor(private readonly opts: MockKonnectOptions) {
    this.engine = new EntityEngine(opts.store);
    this.controlPlanes = new ControlPlanes(opts.store, this.engine);
    this.router = new EntityRouter(this.engine, { dialect: 'konnect' });
  }

  async listen(host: string, port: number): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `http://${h}:${addr.port}`;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (s) await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
    await this.opts.store.close();
  }

  /** Every request ends in an answer: a throw here is a bug, logged (no body) and answered 500. */
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (e) {
      process.stderr.write(`mock-konnect: internal error on ${req.method} ${(req.url ?? '').split('?')[0]!.slice(0, 200)}: ${describeBug(e)}\n`);
      if (!res.headersSent) this.raw(res, { ...problem(500, 'Internal error in the mock; see its standard error'), contentType: 'application/problem+json' });
      else res.destroy();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const read = await readBody(req);
    if (!read.ok && read.reason === 'aborted') return void res.destroy();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://mock');
    } catch {
      return this.send(res, method, '(unparsable)', undefined, badRequest('The request target is not a valid URL path', 'path', 'not a valid URL path'), true);
    }
    // A region prefix in the path (/us/v2/...) maps onto the same store; so does any Host.
    const path = url.pathname.replace(/^\/(?:[a-z]{2,6})(?=\/v2\/)/, '').replace(/\/{2,}/g, '/');
    const where = path + url.search;
    if (!read.ok)
      return this.send(res, method, where, undefined, { ...problem(413, `The request body exceeds ${MAX_BODY_BYTES} bytes`), contentType: 'application/problem+json' }, true);
    const malformed = malformedEscape(path);
    if (malformed !== undefined)
      return this.send(res, method, where, undefined, badRequest(`invalid url-encoded value '${malformed}' in the path; write a literal % as %25`, 'path', 'invalid percent-encoding'), true);
    if (path.startsWith('/_mock/')) return this.send(res, method, path, undefined, this.admin(method, path), false);

    const text = read.raw.toString('utf8');
    const parsed = parseJsonBody(text);
    const body = parsed.ok ? parsed.value : undefined;
    const logged = text.length > LOGGED_BODY_MAX ? `(body of ${text.length} bytes, not recorded)` : parsed.ok ? body : `(unparsable body of ${text.length} bytes, not recorded)`;
    const core = CORE_PATH.exec(path);
    const isCp = !core && CP_PATH.test(path);
    const hash = !core && !isCp ? HASH_PATH.exec(path) : null;
    if (!core && !isCp && !hash) return this.send(res, method, where, logged, notFound(path), true);

    if (!tokenAccepted(bearerToken(req.headers.authorization), this.opts.tokens)) {
      const unauth: Reply = core
        ? { status: 401, body: { message: 'Unauthorized', status: 401 } }
        : { ...problem(401, 'A valid token is required'), contentType: 'application/problem+json' };
      return this.send(res, method, where, logged, unauth, true);
    }
    if (this.opts.failRate && (this.opts.random ?? Math.random)() < this.opts.failRate) {
      const status = this.opts.failStatus ?? 503;
      const fault: Reply = core
        ? { status, body: { message: `injected failure (${status})`, status } }
        : { ...problem(status, `injected failure (${status})`), contentType: 'application/problem+json' };
      return this.send(res, method, where, logged, fault, true);
    }
    if (!parsed.ok && parsed.reason === 'too_deep')
      return this.send(res, method, where, logged, badRequest(`The request body nests deeper than ${MAX_JSON_DEPTH} levels`, 'body', parsed.message), true);
    if (!parsed.ok) {
      const reply: Reply = core
        ? { status: 400, body: { message: 'Cannot parse JSON body' } }
        : badRequest('Request body is not valid JSON', 'body', 'request format is invalid');
      return this.send(res, method, where, logged, reply, true);
    }
    let reply: Reply;
    if (hash) reply = this.expectedHash(method, hash[1]!);
    else if (core) {
      const cpId = decodeSegment(core[1]!);
      reply = cpId.ok ? this.core(method, cpId.value, core[2] ?? '/', url.searchParams, body) : { status: 404, body: { code: 5, message: 'control plane not found' } };
    } else reply = this.cp(method, CP_PATH.exec(path)![1], url.searchParams, body);
    return this.send(res, method, where, logged, reply, true);
  }

  private cp(method: string, id: string | undefined, query: URLSearchParams, body: unknown): Reply {
    const r =
      id === undefined
        ? method === 'GET'
          ? this.controlPlanes.list(query)
          : method === 'POST'
            ? this.controlPlanes.create(body)
            : undefined
        : method === 'GET'
          ? this.controlPlanes.read(id)
          : method === 'PATCH'
            ? this.controlPlanes.patch(id, body)
            : method === 'DELETE'
              ? this.controlPlanes.delete(id)
              : undefined;
    if (!r) return { ...problem(405, `Method ${method} is not allowed here`), contentType: 'application/problem+json' };
    return r.problem ? { status: r.status, body: r.body, contentType: 'application/problem+json' } : { status: r.status, body: r.body };
  }

  /** GET /v2/control-planes/{id}/expected-config-hash: a digest of the control plane's entities (Konnect's DP Nodes API). */
  private expectedHash(method: string, rawId: string): Reply {
    if (method !== 'GET') return { ...problem(405, `Method ${method} is not allowed here`), contentType: 'application/problem+json' };
    const id = decodeSegment(rawId);
    const cp = id.ok ? this.controlPlanes.read(id.value) : undefined;
    if (!id.ok || !cp || cp.status !== 200) return { ...problem(404, 'The requested control plane was not found.'), contentType: 'application/problem+json' };
    const createdAt = Math.floor(Date.parse((cp.body as { created_at: string }).created_at) / 1000);
    const { hash, updatedAt } = this.engine.configHash(id.value);
    return { status: 200, body: { expected_hash: hash, created_at: createdAt, updated_at: Math.max(createdAt, updatedAt ?? 0) } };
  }

  private core(method: string, cpId: string, sub: string, query: URLSearchParams, body: unknown): Reply {
    if (!this.controlPlanes.get(cpId)) return { status: 404, body: { code: 5, message: `control plane ${cpId} not found` } };
    const mount = `/v2/control-planes/${cpId}/core-entities`;
    const r = this.router.handle(cpId, { method, path: sub, query, body }, mount);
    return r ?? notFound(mount + sub);
  }

  private admin(method: string, path: string): Reply {
    if (path === '/_mock/health') return { status: 200, body: { status: 'ok' } };
    if (path === '/_mock/requests' && method === 'GET') return { status: 200, body: { data: this.log.list() } };
    if (path === '/_mock/requests' && method === 'DELETE') {
      this.log.clear();
      return { status: 204 };
    }
    return notFound(path);
  }

  private async send(res: ServerResponse, method: string, path: string, logBody: unknown, reply: Reply, record: boolean): Promise<void> {
    if (record) this.log.add(method, path, logBody, reply.status);
    if (record && this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    this.raw(res, reply);
  }

  private raw(res: ServerResponse, reply: Reply): void {
    if (reply.body === undefined) {
      res.writeHead(reply.status);
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': `${reply.contentType ?? 'application/json'}; charset=utf-8`,
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}

/** An unexpected error's class and where it was thrown — not its message, which may quote request data. */
function describeBug(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const at = e.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim() ?? '';
  return `${e.name} ${at}`.trim();
}

function badRequest(detail: string, field: string, reason: string): Reply {
  return { ...problem(400, detail, [{ field, reason }]), contentType: 'application/problem+json' };
}

function notFound(path: string): Reply {
  return { status: 404, body: { message: `no such endpoint: ${path}` } };
}
