// Mistral: OpenAI-like bodies at /v1/chat/completions, /v1/fim/completions and /v1/embeddings,
// Bearer auth, the last stream chunk carrying `usage` always, and Mistral's own error bodies.
import { z } from 'zod';
import { answer } from '../answer.js';
import { parseBody } from '../request.js';
import { sse, type Frame } from '../respond.js';
import type { Ctx, Reply, Vendor } from '../vendor.js';
import { bearerAuth } from './openai.js';
import { answerJson, chatCompletion, embeddings, sseStream, usage, type OpenAiFlavor } from './openai-wire.js';

const FLAVOR: OpenAiFlavor = { defaultModel: 'mistral-large-latest', usageOnLastChunk: true, embeddingId: true, idPrefix: '' };

export function mistralError(status: number, message?: string): Reply {
  const headers = { 'x-kong-request-id': 'mock' }; // Mistral's API sits behind Kong
  if (status === 401) return { status, headers, body: { message: 'Unauthorized', request_id: 'mock-request' } };
  if (status === 429) return { status, headers, body: { message: 'Requests rate limit exceeded' } };
  if (status < 500) return { status, headers, body: { object: 'error', message: message ?? 'Invalid request', type: 'invalid_request_error', param: null, code: null } };
  return { status, headers, body: { object: 'error', message: message ?? 'Internal server error', type: 'internal_server_error', param: null, code: null } };
}

const fimRequest = z.object({
  model: z.string().min(1),
  prompt: z.string(),
  suffix: z.string().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  stream: z.boolean().nullish(),
});

/** Fill-in-the-middle: the answer continues `prompt`; the body is a chat completion. */
function fim(ctx: Ctx): void {
  const body = parseBody(ctx, fimRequest);
  const a = answer(body.prompt, `${body.prompt} ${body.suffix ?? ''}`, body.max_tokens ?? undefined);
  const base = { id: `mock${ctx.record.seq}`, created: Math.floor(Date.now() / 1000), model: body.model };
  if (body.stream !== true) {
    return answerJson(ctx, { ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: a.text, tool_calls: null }, finish_reason: a.finish }], usage: usage(a) });
  }
  function* frames(): Generator<Frame> {
    const chunk = { ...base, object: 'chat.completion.chunk' };
    yield sse({ ...chunk, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const t of a.tokens) yield sse({ ...chunk, choices: [{ index: 0, delta: { content: t }, finish_reason: null }] }, undefined, true);
    yield sse({ ...chunk, choices: [{ index: 0, delta: { content: '' }, finish_reason: a.finish }], usage: usage(a) });
    yield sse('[DONE]');
  }
  sseStream(ctx, frames());
}

const PATHS: Record<string, string> = { '/v1/chat/completions': 'chat', '/v1/fim/completions': 'fim', '/v1/embeddings': 'embeddings' };

export function mistral(key: string | undefined): Vendor {
  return {
    name: 'mistral',
    route: (method, path) => (method === 'POST' && PATHS[path] ? { operation: PATHS[path]!, params: {} } : undefined),
    authenticate: (ctx) => bearerAuth(ctx, key, mistralError, 'Unauthorized'),
    error: mistralError,
    handle(ctx, route) {
      if (route.operation === 'chat') return chatCompletion(ctx, FLAVOR);
      if (route.operation === 'fim') return fim(ctx);
      return embeddings(ctx, FLAVOR);
    },
  };
}
