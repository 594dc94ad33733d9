// A recording upstream for the request-side integration tests: it keeps what arrived exactly as
// sent (path, every raw header line in order, body) — which the local TGI's recorder does not,
// since it redacts Authorization and merges duplicates — and answers like TGI's /generate.
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface ArrivedRequest {
  readonly method: string;
  /** The request target exactly as received. */
  readonly url: string;
  /** [name, value] in arrival order, names as sent. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export interface RecordingUpstream {
  readonly url: string;
  readonly arrived: ArrivedRequest[];
  close(): Promise<void>;
}

export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const arrived: ArrivedRequest[] = [];
  // No header-count limit (Node's default keeps the first 1,000 and drops the rest silently),
  // so a test sees every header the gateway sent.
  const server: Server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      arrived.push({ method: req.method ?? '', url: req.url ?? '', headers, body: Buffer.concat(chunks).toString() });
      const body = JSON.stringify({ generated_text: ' recorded', upstream_path: req.url });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.maxHeadersCount = 0;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface PlainResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends the request target byte for byte (no URL parsing, so `..` and `%2e` survive, like curl --path-as-is). */
export function sendAsIs(
  base: string,
  target: string,
  opts: { method?: string; headers?: Record<string, string> | [string, string][]; body?: string } = {},
): Promise<PlainResponse> {
  const u = new URL(base);
  // An array is sent line by line as given (duplicates, case); Node adds no Host to it.
  const headers = Array.isArray(opts.headers) ? ['Host', u.host, ...opts.headers.flat()] : { 'content-type': 'application/json', ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: opts.method ?? 'POST', path: target, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface RawExchange {
  readonly status: number;
  /** The response head as text, and the body (content-length framed, or everything until close). */
  readonly head: string;
  readonly body: string;
}

/** Writes `bytes` to the gateway on a fresh socket and reads one response (for exact header sizes). */
export function sendRaw(base: string, bytes: string | Buffer): Promise<RawExchange> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => socket.write(bytes));
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) {
        if (closed) {
          settled = true;
          resolve({ status: 0, head: text, body: '' });
        }
        return;
      }
      const head = text.slice(0, end);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      const body = text.slice(end + 4);
      if (!closed && (length === null || body.length < Number(length[1]))) return;
      settled = true;
      resolve({ status: Number(head.split(' ')[1]), head, body: length ? body.slice(0, Number(length[1])) : body });
      socket.destroy();
    };
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', (e) => (data.length > 0 ? finish(true) : reject(e)));
  });
}
