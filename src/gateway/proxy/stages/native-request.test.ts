// A native format's checks as the stages run them (check-operation, then normalize-request): the
// model a path or body names must be the configured one (`cannot use own model`), the body may
// ask to stream (`response_streaming: deny` refuses it), and the target sees operation, stream
// and model. The driver here is a stand-in with Gemini's shape (model and operation in the path).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_AUTH } from '../../drivers/auth.js';
import type { DriverPlan, TargetRequest, Translator } from '../../drivers/index.js';
import type { ProxyContext } from '../context.js';
import { checkOperation } from './check-operation.js';
import { normalizeRequest } from './normalize-request.js';

const seen: TargetRequest[] = [];
const translator = {
  name: 'native-test',
  passthrough: true,
  framing: 'sse',
  operation: (_method: string, path: string) => {
    const m = /\/models\/([^:]+):(\w+)$/.exec(path);
    return m ? { ok: true, operation: m[2]!, stream: m[2] === 'streamGenerateContent', model: m[1]! } : { ok: false, status: 400, message: 'not a native API' };
  },
  nativeRequest: (body: Record<string, unknown>) => (Array.isArray(body.contents) ? { ok: true, ...(body.stream === true ? { stream: true } : {}) } : { ok: false, message: "request body doesn't contain valid prompts" }),
  requestBody: (_b: unknown, raw: Buffer) => ({ ok: true, value: raw }),
} as unknown as Translator;
const plan: DriverPlan = {
  name: 'test',
  translator,
  auth: NO_AUTH,
  target: (r) => (seen.push(r), { origin: 'https://vendor:443', host: 'vendor', path: `/v1/models/${r.model}:${r.operation}` }),
};

function run(path: string, body: Record<string, unknown>, configured: string | null, streaming = 'allow') {
  const sent: { status?: number; body?: string } = {};
  const raw = Buffer.from(JSON.stringify(body));
  const ctx = {
    req: { headers: {} },
    res: { headersSent: false, destroyed: false, writeHead: (s: number) => void (sent.status = s), end: (b: string) => void (sent.body = b) },
    requestId: 'r', startNs: 0n, method: 'POST', path, query: '',
    match: { strippedPath: path, upstreamPath: path, service: null },
    ai: { plan, config: { response_streaming: streaming }, model: { provider: 'p', name: configured, options: null }, routeType: 'llm/v1/chat', unsupported: null },
    body, rawBody: raw, operation: null, stream: false, requestModel: null, upstream: null,
    setHeaders: {}, dropHeaders: new Set<string>(), done: false, status: 0,
  } as unknown as ProxyContext;
  checkOperation(ctx);
  if (!ctx.done) normalizeRequest(ctx);
  return { ctx, sent };
}

describe('native formats through check-operation and normalize-request', () => {
  it('the path names the configured model: proxied, the target sees operation, stream and model', () => {
    const { ctx } = run('/v1/models/g-1:streamGenerateContent', { contents: [] }, 'g-1');
    assert.equal(ctx.done, false);
    assert.deepEqual(seen.at(-1), { operation: 'streamGenerateContent', stream: true, model: 'g-1' });
    assert.equal(ctx.upstream?.path, '/v1/models/g-1:streamGenerateContent');
    assert.equal(ctx.requestModel, 'g-1');
  });

  it('the path names another model: Kong\'s 400 cannot use own model', () => {
    const { ctx, sent } = run('/v1/models/g-2:generateContent', { contents: [] }, 'g-1');
    assert.deepEqual([ctx.done, sent.status, JSON.parse(sent.body!)], [true, 400, { error: { message: 'cannot use own model - must be: g-1' } }]);
  });

  it('no configured model: the path\'s is used', () => {
    const { ctx } = run('/v1/models/g-3:generateContent', { contents: [] }, null);
    assert.deepEqual([ctx.done, ctx.requestModel, seen.at(-1)?.model], [false, 'g-3', 'g-3']);
  });

  it('the body asks to stream: deny refuses it; the body check\'s refusal is a 400', () => {
    const denied = run('/v1/models/g-1:generateContent', { contents: [], stream: true }, 'g-1', 'deny');
    assert.deepEqual([denied.sent.status, JSON.parse(denied.sent.body!)], [400, { error: { message: 'response streaming is not enabled for this LLM' } }]);
    const bad = run('/v1/models/g-1:generateContent', { prompt: 'x' }, 'g-1');
    assert.deepEqual([bad.sent.status, JSON.parse(bad.sent.body!)], [400, { error: { message: "request body doesn't contain valid prompts" } }]);
  });
});
