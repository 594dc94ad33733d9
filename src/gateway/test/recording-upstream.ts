// A recording upstream for the request-side integration tests: it keeps what arrived exactly as
// sent (path, every raw header line in order, body) — which the local TGI's recorder does not,
// since it redacts Authorization and merges duplicates — and answers like TGI's /generate.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const headers = Array.isArray(opts.headers) ? opts.headers.flat() : { 'content-type': 'application/json', ...opts.headers };
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
