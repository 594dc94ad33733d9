// The mock Konnect HTTP server (node:http): auth, region prefixes, fault injection, the request
// log, control planes, and the shared Kong entity router mounted under
// /v2/control-planes/{id}/core-entities.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EntityEngine, EntityRouter, type KeyValueStore } from '../kong-entities/index.js';
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

const MAX_BODY = 10 * 1024 * 1024;
const CP_PATH = /^\/v2\/control-planes(?:\/([^/]+))?\/?$/;
const CORE_PATH = /^\/v2\/control-planes\/([^/]+)\/core-entities(\/.*)?$/;

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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    // A region prefix in the path (/us/v2/...) maps onto the same store; so does any Host.
    const path = url.pathname.replace(/^\/(?:[a-z]{2,6})(?=\/v2\/)/, '').replace(/\/{2,}/g, '/');
    const method = (req.method ?? 'GET').toUpperCase();
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return this.send(res, method, path, undefined, { status: 413, body: { message: 'Request body too large' } }, true);
    }
    if (path.startsWith('/_mock/')) return this.send(res, method, path, undefined, this.admin(method, path), false);

    let body: unknown;
    let badJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    const logged = badJson ? raw.slice(0, 200) : body;
    const core = CORE_PATH.exec(path);
    const isCp = !core && CP_PATH.test(path);
    if (!core && !isCp) return this.send(res, method, path + url.search, logged, notFound(path), true);

    if (!tokenAccepted(bearerToken(req.headers.authorization), this.opts.tokens)) {
      const unauth: Reply = core
        ? { status: 401, body: { message: 'Unauthorized', status: 401 } }
        : { ...problem(401, 'A valid token is required'), contentType: 'application/problem+json' };
      return this.send(res, method, path + url.search, logged, unauth, true);
    }
    if (this.opts.failRate && (this.opts.random ?? Math.random)() < this.opts.failRate) {
      const status = this.opts.failStatus ?? 503;
      const fault: Reply = core
        ? { status, body: { message: `injected failure (${status})`, status } }
        : { ...problem(status, `injected failure (${status})`), contentType: 'application/problem+json' };
      return this.send(res, method, path + url.search, logged, fault, true);
    }
    if (badJson) {
      const reply: Reply = core
        ? { status: 400, body: { message: 'Cannot parse JSON body' } }
        : { ...problem(400, 'Request body is not valid JSON', [{ field: 'body', reason: 'request format is invalid' }]), contentType: 'application/problem+json' };
      return this.send(res, method, path + url.search, logged, reply, true);
    }
    const reply = core ? this.core(method, decodeURIComponent(core[1]!), core[2] ?? '/', url.searchParams, body) : this.cp(method, CP_PATH.exec(path)![1], url.searchParams, body);
    return this.send(res, method, path + url.search, logged, reply, true);
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

function notFound(path: string): Reply {
  return { status: 404, body: { message: `no such endpoint: ${path}` } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
