// Test helper: HTTP requests whose path is sent byte for byte (fetch and undici normalise or
// reject some of the hostile paths the tests need), over one keep-alive agent.
import { Agent, request } from 'node:http';

export interface RawReply {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

export function rawClient(base: string, token?: string) {
  const { hostname, port } = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const send = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<RawReply> =>
    new Promise((resolve, reject) => {
      const h: Record<string, string> = { ...headers };
      if (token !== undefined) h.authorization = `Bearer ${token}`;
      if (body !== undefined) h['content-type'] ??= 'application/json';
      const req = request({ host: hostname, port, method, path, agent, headers: h }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path.slice(0, 80)}: no answer within 60 s`)));
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** `{"a":{"a":…1…}}` nested `depth` levels. */
export const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
