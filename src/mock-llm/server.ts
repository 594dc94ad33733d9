// bin/mock-llm's server: one process answering every vendor's real paths. A request is matched
// to a vendor (a `/<vendor>/…` prefix picks one explicitly; otherwise the path's owner, the
// OpenAI wire for the paths several vendors share), recorded, authenticated in the vendor's own
// place, given its fault if any, and answered by the vendor.
//
// Control endpoints (never vendor paths):
//   GET /__mock/requests       what was received (headers whole: for tests, never logged)
//   DELETE /__mock/requests    forget it
//   POST /__mock/fault         {"fault":"429","count":1,"model":"m"}: the next count requests (for
//                              model m only, when given) get that fault
//   DELETE /__mock/fault       clear queued faults
//   GET /__mock/health         200
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createH2cServer } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { bodyModelOf, FaultQueue, parseFault } from './faults.js';
import type { MockLlmOptions } from './options.js';
import { RequestRecorder } from './recorder.js';
import { cut, send } from './respond.js';
import { RequestError, type Ctx, type Route, type Vendor, type VendorName } from './vendor.js';
import { createVendors } from './vendors/index.js';

export interface MockLlm {
  readonly server: Server;
  readonly recorder: RequestRecorder;
  readonly faults: FaultQueue;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) resolve(undefined);
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Match {
  readonly vendor: Vendor;
  readonly route: Route;
  readonly path: string;
}

function matcher(vendors: readonly Vendor[]): (method: string, path: string) => Match | undefined {
  const byName = new Map<string, Vendor>(vendors.map((v) => [v.name, v]));
  return (method, path) => {
    const prefix = /^\/([a-z0-9]+)(\/.*)$/.exec(path);
    const named = prefix ? byName.get(prefix[1]!) : undefined;
    if (named) {
      const route = named.route(method, prefix![2]!);
      if (route) return { vendor: named, route, path: prefix![2]! };
    }
    for (const vendor of vendors) {
      const route = vendor.route(method, path);
      if (route) return { vendor, route, path };
    }
    return undefined;
  };
}

export function createMockLlm(options: MockLlmOptions = {}): MockLlm {
  const recorder = new RequestRecorder();
  const faults = new FaultQueue(options.fault);
  const vendors = createVendors(options);
  const match = matcher(vendors);

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/__mock/requests' && req.method === 'GET') return send(res, { status: 200, body: recorder.list() });
    if (path === '/__mock/requests' && req.method === 'DELETE') return void (recorder.clear(), res.writeHead(204).end());
    if (path === '/__mock/health') return send(res, { status: 200, body: { status: 'ok' } });
    if (path === '/__mock/fault' && req.method === 'DELETE') return void (faults.clear(), res.writeHead(204).end());
    if (path === '/__mock/fault' && req.method === 'POST') {
      const body = await readBody(req);
      let spec: { fault?: unknown; count?: unknown; model?: unknown };
      try {
        spec = JSON.parse(body?.toString('utf8') ?? '') as typeof spec;
      } catch {
        return send(res, { status: 400, body: { error: 'expected JSON {"fault": "...", "count": N, "model": "..."}' } });
      }
      const fault = typeof spec.fault === 'string' ? parseFault(spec.fault) : 'missing "fault"';
      const count = spec.count === undefined ? 1 : Number(spec.count);
      if (typeof fault === 'string') return send(res, { status: 400, body: { error: fault } });
      if (!Number.isInteger(count) || count < 1) return send(res, { status: 400, body: { error: '"count" must be a positive whole number' } });
      if (spec.model !== undefined && (typeof spec.model !== 'string' || spec.model === '')) return send(res, { status: 400, body: { error: '"model" must be a non-empty string' } });
      faults.push({ fault, model: typeof spec.model === 'string' ? spec.model : null }, count);
      return void res.writeHead(204).end();
    }
    send(res, { status: 404, body: { error: `no control endpoint ${req.method} ${path}` } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (rawPath.startsWith('/__mock/')) return control(req, res, rawPath);
    const m = match(method, rawPath);
    const body = await readBody(req);
    const record = recorder.record(m?.vendor.name ?? null, method, rawPath, url.searchParams, req.headers, body ?? Buffer.alloc(0));
    res.on('close', () => {
      if (record.state !== 'in-progress') return;
      record.state = res.writableEnded ? 'completed' : 'aborted';
      record.endedAt = Date.now();
    });
    const reply = (r: { status: number; headers?: Readonly<Record<string, string>>; body: unknown }): void => {
      record.status = r.status;
      send(res, r);
    };
    if (!m) return reply({ status: 404, body: { error: `mock-llm: no vendor serves ${method} ${rawPath}` } });
    record.operation = m.route.operation;
    if (body === undefined) return reply(m.vendor.error(413, 'request body too large'));
    const ctx: Ctx = {
      req,
      res,
      vendor: m.vendor.name as VendorName,
      method,
      path: m.path,
      rawPath,
      query: url.searchParams,
      body,
      record,
      tokenDelayMs: headerDelay(req) ?? options.tokenDelayMs ?? 0,
      fault: faults.next(req, { bodyModel: bodyModelOf(record.json), path: rawPath }),
    };
    const auth = await m.vendor.authenticate(ctx, m.route);
    record.auth = auth.verdict;
    if (auth.reject) return reply(auth.reject);
    if (ctx.fault?.kind === 'status') return reply(m.vendor.error(ctx.fault.status));
    if (ctx.fault !== undefined && connectionFault(ctx.fault.kind, res)) return;
    try {
      await m.vendor.handle(ctx, m.route);
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      if (err instanceof RequestError) return reply(m.vendor.error(err.status, err.message));
      process.stderr.write(`mock-llm: ${m.vendor.name} ${m.route.operation} failed: ${(err as Error).message}\n`);
      reply(m.vendor.error(500));
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => {
      try {
        if (!res.headersSent) send(res, { status: 500, body: { error: 'mock-llm internal error' } });
        else res.destroy();
      } catch {
        // the client is gone (an HTTP/2 stream already reset): nothing left to answer
      }
    });
  };
  // HTTP/1.1 and cleartext HTTP/2 on one port: the AWS SDK's Bedrock client speaks HTTP/2
  // (prior knowledge over http://), everything else HTTP/1.1. The first bytes of a connection
  // tell which: HTTP/2 opens with the "PRI * HTTP/2.0" preface. Node's http2 compatibility API
  // gives the same request/response surface as node:http, so the handlers serve both.
  const h1 = createServer(onRequest);
  h1.keepAliveTimeout = 65_000;
  const h2 = createH2cServer((req, res) => onRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse));
  const sockets = new Set<Socket>();
  // noDelay as node:http's own servers: without it a stream's small frames wait on Nagle for the
  // client's delayed ACK (40 ms on a kept-alive connection) — a latency no vendor has.
  const server = createNetServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that resets before its first byte must not take the process down (the HTTP
    // servers attach their own handlers only once the socket is handed to them).
    socket.on('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first.subarray(0, 3).toString('latin1') === 'PRI' ? h2 : h1).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });

  return {
    server,
    recorder,
    faults,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const a = server.address() as AddressInfo;
          resolve(`http://${host}:${a.port}`);
        });
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The faults that fail the connection itself, whatever the vendor: true when `kind` is one
 * (the answer, or its absence, is under way).
 */
function connectionFault(kind: string, res: ServerResponse): boolean {
  switch (kind) {
    case 'reset':
      cut(res); // no byte of answer
      return true;
    case 'hang':
      return true; // the client's own timeout ends it (the record turns "aborted")
    case 'invalid-header': {
      const socket = res.socket;
      // HTTP/2 has no textual head to break: the stream is reset instead
      if (socket === null || (res as unknown as { stream?: unknown }).stream !== undefined) {
        cut(res);
        return true;
      }
      socket.end('HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\r\n{}');
      return true;
    }
    case 'cut-after-headers':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      setTimeout(() => cut(res), 20); // the head reaches the client first
      return true;
    default:
      return false;
  }
}

function headerDelay(req: IncomingMessage): number | undefined {
  const v = req.headers['x-mock-token-delay-ms'];
  if (typeof v !== 'string' || !/^\d{1,6}$/.test(v)) return undefined;
  return Number(v);
}
