// Test-only: an HTTP proxy in front of bin/mock-konnect that loses answers on purpose, to
// reproduce an interrupted apply deterministically. Each request is forwarded; when the upstream
// has answered (so the create is committed), `decide` may drop the answer: the client connection
// is destroyed without a response. `down()` makes it drop every later request unanswered (and
// never forward it) until `up()` — Konnect "killed" mid-apply, then back.
// Binds 127.0.0.1 on an OS-picked port; close() ends every connection.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface ProxiedAnswer {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export type Decision = 'answer' | 'drop' | 'drop-and-go-down';

export interface LossyProxy {
  readonly url: string;
  /** Answers that were lost after the upstream had acted (a 201 here is a create that landed). */
  readonly dropped: ProxiedAnswer[];
  /** Decide what happens to each upstream answer (default: answer). */
  decide(fn: (a: ProxiedAnswer) => Decision): void;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

const FORWARDED = ['authorization', 'content-type', 'accept', 'user-agent'];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startLossyProxy(upstream: string): Promise<LossyProxy> {
  let decide: (a: ProxiedAnswer) => Decision = () => 'answer';
  let isDown = false;
  const dropped: ProxiedAnswer[] = [];
  const server: Server = createServer(async (req, res) => {
    if (isDown) return void req.socket.destroy();
    try {
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const h of FORWARDED) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
      const up = await request(upstream + (req.url ?? '/'), {
        method: (req.method ?? 'GET') as 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const text = await up.body.text();
      const answer = { method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status: up.statusCode };
      const d = isDown ? 'drop' : decide(answer);
      if (d !== 'answer') {
        dropped.push(answer);
        if (d === 'drop-and-go-down') isDown = true;
        return void res.socket?.destroy();
      }
      const ct = up.headers['content-type'];
      res.writeHead(up.statusCode, typeof ct === 'string' ? { 'content-type': ct } : {});
      res.end(text);
    } catch {
      res.socket?.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dropped,
    decide(fn) {
      decide = fn;
    },
    down() {
      isDown = true;
    },
    up() {
      isDown = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
