import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Pool } from 'undici';
import { callUpstream, type AbortHook, type CallOptions } from './call.js';

class Hook implements AbortHook {
  aborted = false;
  private fn: (() => void) | null = null;
  listen(fn: (() => void) | null): void {
    this.fn = fn;
  }
  abort(): void {
    this.aborted = true;
    this.fn?.();
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let origin: string;
let handle: Handler = (_req, res) => res.end();
/** Resolves when the server sees the current request's connection close before its answer finished. */
let serverSawAbort: Promise<void>;

before(async () => {
  server = createServer((req, res) => {
    serverSawAbort = new Promise((resolve) => res.on('close', () => !res.writableFinished && resolve()));
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const opts = (over: Partial<CallOptions> = {}): CallOptions => ({ method: 'POST', path: '/x', headers: { 'content-type': 'application/json' }, body: Buffer.from('{}'), headersTimeout: 5_000, bodyTimeout: 5_000, writeTimeout: 0, ...over });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('callUpstream', () => {
  it('resolves with status and lower-case headers; collect() gives the whole body, chunks that came before it included', async () => {
    handle = (req, res) => {
      let got = '';
      req.on('data', (d: Buffer) => (got += d.toString()));
      req.on('end', async () => {
        res.writeHead(201, { 'X-Thing': 'a', 'Set-Cookie': ['a=1', 'b=2'] });
        res.write(`body ${got} `);
        await tick(20);
        res.write('part two ');
        await tick(20);
        res.end('end');
      });
    };
    const pool = new Pool(origin);
    try {
      const answer = await callUpstream(pool, opts(), new Hook());
      assert.equal(answer.statusCode, 201);
      assert.equal(answer.headers['x-thing'], 'a');
      assert.deepEqual(answer.headers['set-cookie'], ['a=1', 'b=2']);
      await tick(30); // the first chunks arrive before anyone reads
      assert.equal((await answer.body.collect()).toString(), 'body {} part two end');
      assert.equal(answer.body.done, true);
    } finally {
      await pool.close();
    }
  });

  it('a consumer that returns false gets nothing more until it resumes (the socket is paused), then the rest in order', async () => {
    const total = 8 * 1024 * 1024;
    handle = (_req, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(total, 97));
    };
    const pool = new Pool(origin);
    try {
      const answer = await callUpstream(pool, opts(), new Hook());
      let bytes = 0;
      let paused = true;
      const ended = new Promise<void>((resolve, reject) =>
        answer.body.pipe({
          data(c) {
            bytes += c.length;
            return !paused;
          },
          end: resolve,
          error: reject,
        }),
      );
      await tick(200);
      assert.ok(bytes > 0 && bytes < total / 4, `read ${bytes} of ${total} bytes while paused`);
      paused = false;
      answer.body.resume();
      await ended;
      assert.equal(bytes, total);
    } finally {
      await pool.close();
    }
  });

  it('destroy() aborts the call mid-body: the upstream sees its connection close', async () => {
    handle = (_req, res) => {
      res.writeHead(200);
      res.write('first');
    };
    const pool = new Pool(origin);
    try {
      const answer = await callUpstream(pool, opts(), new Hook());
      const seen = serverSawAbort;
      let after = 0;
      answer.body.pipe({ data: () => (after++, true), end: () => assert.fail('no end'), error: () => assert.fail('the consumer that destroyed hears nothing') });
      await tick(20);
      answer.body.destroy();
      await seen;
      assert.equal(answer.body.done, true);
      assert.equal(after, 1);
    } finally {
      await pool.close();
    }
  });

  it('the abort hook ends a body being read with an error, and refuses a call when it has already fired', async () => {
    handle = (_req, res) => {
      res.writeHead(200);
      res.write('first');
    };
    const pool = new Pool(origin);
    try {
      const hook = new Hook();
      const answer = await callUpstream(pool, opts(), hook);
      const seen = serverSawAbort;
      const failed = new Promise<Error>((resolve) => answer.body.pipe({ data: () => true, end: () => assert.fail('no end'), error: resolve }));
      hook.abort();
      assert.equal(((await failed) as { code?: string }).code, 'UND_ERR_ABORTED');
      await seen;
      await assert.rejects(callUpstream(pool, opts(), hook), { code: 'UND_ERR_ABORTED' });
    } finally {
      await pool.close();
    }
  });

  it("fails with undici's errors: refused before the headers, headers and body timeouts", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = new Pool(`http://127.0.0.1:${port}`);
    await assert.rejects(callUpstream(refused, opts(), new Hook()), (e: { code?: string; cause?: { code?: string } }) => (e.code ?? e.cause?.code) === 'ECONNREFUSED');
    await refused.close();

    const pool = new Pool(origin);
    try {
      handle = () => undefined; // never answers
      await assert.rejects(callUpstream(pool, opts({ headersTimeout: 100 }), new Hook()), { code: 'UND_ERR_HEADERS_TIMEOUT' });
      handle = (_req, res) => {
        res.writeHead(200);
        res.write('then silence');
      };
      const answer = await callUpstream(pool, opts({ bodyTimeout: 100 }), new Hook());
      await assert.rejects(answer.body.collect(), { code: 'UND_ERR_BODY_TIMEOUT' });
    } finally {
      await pool.destroy();
    }
  });

  describe('writeTimeout (write_timeout: between two writes of the request)', () => {
    /** Accepts connections and never reads them. */
    async function deafServer(): Promise<{ origin: string; close(): Promise<void> }> {
      const sockets: Socket[] = [];
      const srv = createNetServer((s) => {
        s.pause();
        sockets.push(s);
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      return {
        origin: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
        close: async () => {
          for (const s of sockets) s.destroy();
          await new Promise((r) => srv.close(r));
        },
      };
    }
    // larger than what loopback's socket buffers take from a peer that does not read (~4 MiB here)
    const BIG = Buffer.alloc(12 * 1024 * 1024, 97);
    const big = (over: Partial<CallOptions> = {}) => opts({ body: BIG, headers: { 'content-type': 'application/octet-stream', 'content-length': String(BIG.length) }, headersTimeout: 20_000, ...over });

    it('an upstream that stops reading the body fails the call with ERR_UPSTREAM_WRITE_TIMEOUT within about write_timeout, not read_timeout', async () => {
      const deaf = await deafServer();
      const pool = new Pool(deaf.origin);
      try {
        const t0 = Date.now();
        await assert.rejects(callUpstream(pool, big({ writeTimeout: 300 }), new Hook()), (e: Error & { code?: string }) => e.code === 'ERR_UPSTREAM_WRITE_TIMEOUT' && /write_timeout 300 ms/.test(e.message));
        const took = Date.now() - t0;
        assert.ok(took >= 300 && took < 10_000, `failed after ${took} ms (the headers timeout is 20 s)`);
      } finally {
        await pool.destroy();
        await deaf.close();
      }
    });

    it('a slow reader that keeps taking the body is never cut: the timer runs between writes, not over the whole body', async () => {
      let received = 0;
      handle = (req, res) => {
        // stops reading for 150 ms after every MiB: the whole body takes well over write_timeout
        let next = 1 << 20;
        req.on('data', (d: Buffer) => {
          received += d.length;
          if (received < next) return;
          next += 1 << 20;
          req.pause();
          setTimeout(() => req.resume(), 150);
        });
        req.on('end', () => res.end('ok'));
      };
      const pool = new Pool(origin);
      try {
        const t0 = Date.now();
        const answer = await callUpstream(pool, big({ writeTimeout: 400 }), new Hook());
        assert.equal((await answer.body.collect()).toString(), 'ok');
        assert.equal(received, BIG.length);
        assert.ok(Date.now() - t0 > 400, `the body took ${Date.now() - t0} ms, more than write_timeout`);
      } finally {
        await pool.close();
      }
    });

    it('without writeTimeout (0) or for a body under 16 KiB the body goes out as one Buffer, as before', async () => {
      const deaf = await deafServer();
      const pool = new Pool(deaf.origin);
      try {
        await assert.rejects(callUpstream(pool, big({ writeTimeout: 0, headersTimeout: 500 }), new Hook()), { code: 'UND_ERR_HEADERS_TIMEOUT' });
        await assert.rejects(callUpstream(pool, opts({ body: Buffer.alloc(1000, 97), writeTimeout: 50, headersTimeout: 500 }), new Hook()), { code: 'UND_ERR_HEADERS_TIMEOUT' });
      } finally {
        await pool.destroy();
        await deaf.close();
      }
    });
  });
});
