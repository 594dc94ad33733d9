// A raw HTTP client for the integration tests: exact bytes, and when each chunk arrived.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  chunks: { at: number; data: Buffer }[];
  ended: boolean;
}

export function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; abortAfterChunks?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: opts.method ?? 'POST', headers: { 'content-type': 'application/json', ...opts.headers } }, (res) => {
      const out: RawResponse = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), chunks: [], ended: false };
      res.on('data', (d: Buffer) => {
        out.chunks.push({ at: performance.now() - started, data: d });
        if (opts.abortAfterChunks !== undefined && out.chunks.length >= opts.abortAfterChunks) {
          req.destroy();
          out.body = Buffer.concat(out.chunks.map((c) => c.data));
          resolve(out);
        }
      });
      res.on('end', () => {
        out.ended = true;
        out.body = Buffer.concat(out.chunks.map((c) => c.data));
        resolve(out);
      });
      res.on('error', () => resolve(out));
      res.on('close', () => {
        out.body = Buffer.concat(out.chunks.map((c) => c.data));
        resolve(out);
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const json = (r: RawResponse): unknown => JSON.parse(r.body.toString('utf8'));
