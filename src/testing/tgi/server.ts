// The local TGI: an HTTP server that answers like text-generation-inference (and like Hugging
// Face's hosted endpoints for auth and model-loading errors). Used by bin/mock-tgi, the tests
// and the demo.
//
// Test controls (request headers; a gateway forwards them like any client header):
//   x-mock-tgi-outcome: <fixture outcome>   answer with fixtures/huggingface/<route>/responses/<outcome>.json
//                       slow                wait x-mock-tgi-delay-ms (default 10000) before answering
//                       reset               destroy the connection without answering
//                       die_mid_stream      stream 3 events, then destroy the connection
//                       stall_mid_stream    stream 3 events, then send nothing more (no keep-alives either)
//                       stream_error        stream 2 events, then a TGI error event
//                       garbage             200 application/json whose body is not JSON
//   x-mock-tgi-token-delay-ms: N            per-token delay for this request
// GET /__requests lists what was received (Authorization redacted); DELETE /__requests clears it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Info } from '../../gateway/wire/tgi.js';
import { planChat, sendChat, sendChatStream } from './chat.js';
import { upstreamReply, type FixtureRoute, type UpstreamReply } from './fixtures.js';
import { sendGenerate, sendGenerateStream } from './generate.js';
import { RequestRecorder, type AuthVerdict } from './recorder.js';
import type { StreamCut } from './stream.js';
import { checkGenerateRequest, isRejection, parseJsonBody, type Rejection } from './validate.js';

export interface MockTgiOptions {
  /** Required bearer token; when absent every request is accepted. */
  readonly token?: string;
  /** More accepted bearer tokens (e.g. the old and the new one during a rotation); each request records which it used. */
  readonly tokens?: readonly string[];
  readonly tokenDelayMs?: number;
  readonly keepAliveMs?: number;
  readonly modelId?: string;
}

export interface MockTgi {
  readonly server: Server;
  readonly recorder: RequestRecorder;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const ROUTES: Record<string, FixtureRoute> = {
  '/generate': 'generate',
  '/generate_stream': 'generate_stream',
  '/v1/chat/completions': 'llm-v1-chat',
  '/': 'llm-v1-completions',
};
const MAX_BODY = 2 * 1024 * 1024;
const STREAM_CUTS: ReadonlyMap<string, StreamCut> = new Map([
  ['die_mid_stream', { after: 3, how: 'die' }],
  ['stall_mid_stream', { after: 3, how: 'stall' }],
]);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendRejection(res: ServerResponse, r: Rejection): void {
  if (r.kind === 'json') sendJson(res, r.status, r.body);
  else {
    res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(r.text) });
    res.end(r.text);
  }
}

function sendReply(res: ServerResponse, reply: UpstreamReply): void {
  if (reply.sse !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'text/event-stream', ...reply.headers });
    res.end(reply.sse);
  } else if (reply.raw !== undefined || typeof reply.body === 'string') {
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.raw ?? reply.body);
  } else sendJson(res, reply.status, reply.body, { ...reply.headers });
}

function headerNumber(req: IncomingMessage, name: string): number | undefined {
  const v = req.headers[name];
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function createMockTgi(options: MockTgiOptions = {}): MockTgi {
  const recorder = new RequestRecorder();
  const modelId = options.modelId ?? 'HuggingFaceTB/SmolVLM-Base';
  const keepAliveMs = options.keepAliveMs ?? 15_000;

  const accepted = [...(options.token !== undefined ? [options.token] : []), ...(options.tokens ?? [])];
  /** The verdict, and which accepted token (its position) the request carried. */
  const verdict = (req: IncomingMessage): { auth: AuthVerdict; tokenIndex: number | null } => {
    if (accepted.length === 0) return { auth: 'unchecked', tokenIndex: null };
    const h = req.headers.authorization;
    if (h === undefined) return { auth: 'missing', tokenIndex: null };
    const i = accepted.findIndex((t) => h === `Bearer ${t}`);
    return i >= 0 ? { auth: 'valid', tokenIndex: i } : { auth: 'invalid', tokenIndex: null };
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/__requests') {
      if (req.method === 'DELETE') {
        recorder.clear();
        res.writeHead(204).end();
      } else sendJson(res, 200, recorder.list());
      return;
    }
    const body = await readBody(req);
    const { auth, tokenIndex } = verdict(req);
    const record = recorder.record(req.method ?? 'GET', req.url ?? '/', req.headers, body, auth, tokenIndex);
    res.on('close', () => {
      if (record.state === 'in-progress') {
        record.state = res.writableFinished ? 'completed' : 'aborted';
        record.endedAt = Date.now();
      }
    });
    if (auth === 'missing' || auth === 'invalid') {
      sendJson(res, 401, upstreamReply('generate', 'unauthorized')?.body ?? { error: 'Unauthorized' });
      return;
    }
    if (req.method === 'GET' && path === '/info') return sendJson(res, 200, info(modelId));
    if (req.method === 'GET' && path === '/health') return void res.writeHead(200).end();
    const route = ROUTES[path];
    if (route === undefined) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();

    const outcome = req.headers['x-mock-tgi-outcome'];
    const tokenDelayMs = headerNumber(req, 'x-mock-tgi-token-delay-ms') ?? options.tokenDelayMs ?? 0;
    if (typeof outcome === 'string' && outcome !== '') {
      if (outcome === 'reset') return void req.socket.destroy();
      if (outcome === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('this is not json');
      }
      if (outcome === 'slow') {
        await new Promise((r) => setTimeout(r, headerNumber(req, 'x-mock-tgi-delay-ms') ?? 10_000));
        if (res.destroyed) return;
      } else {
        const reply = upstreamReply(route, outcome);
        if (reply !== undefined) return sendReply(res, reply);
      }
    }
    const cut = typeof outcome === 'string' ? STREAM_CUTS.get(outcome) : undefined;
    const errorAfter = outcome === 'stream_error' ? 2 : undefined;

    const parsed = parseJsonBody(req.headers['content-type'], body);
    if (isRejection(parsed)) return sendRejection(res, parsed);

    if (route === 'llm-v1-chat') {
      const plan = planChat(parsed.value, modelId);
      if (isRejection(plan)) return sendRejection(res, plan);
      if (plan.stream) return sendChatStream(res, record, plan, tokenDelayMs, keepAliveMs, cut, errorAfter);
      return sendChat(res, plan);
    }
    const request = checkGenerateRequest(parsed.value);
    if (isRejection(request)) return sendRejection(res, request);
    const stream = route === 'generate_stream' || (route === 'llm-v1-completions' && request.stream === true);
    if (stream) {
      return sendGenerateStream(res, record, request, {
        tokenDelayMs,
        keepAliveMs,
        ...(cut !== undefined ? { cut } : {}),
        ...(errorAfter !== undefined ? { errorAfter } : {}),
      });
    }
    sendGenerate(res, request, route === 'llm-v1-completions');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendJson(res, 500, { error: `Incomplete generation: ${err.message}`, error_type: 'incomplete_generation' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    recorder,
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
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function info(modelId: string): Info {
  return {
    model_id: modelId,
    model_sha: null,
    model_pipeline_tag: 'text-generation',
    max_concurrent_requests: 128,
    max_best_of: 2,
    max_stop_sequences: 4,
    max_input_tokens: 1024,
    max_total_tokens: 4096,
    validation_workers: 2,
    max_client_batch_size: 4,
    router: 'text-generation-router',
    version: '3.3.6-dev0',
    sha: null,
    docker_label: null,
  };
}
