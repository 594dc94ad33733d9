// Anthropic: POST /v1/messages (and /v1/messages/count_tokens, the legacy /v1/complete) with the
// key in `x-api-key` (or an OAuth `Authorization: Bearer`), the `anthropic-version` header
// required, Anthropic's error bodies (529 overloaded_error included), and the Messages stream:
// message_start, content_block_start, ping, content_block_delta…, content_block_stop,
// message_delta (stop_reason, usage), message_stop; `event: error` for an in-stream failure.
import { z } from 'zod';
import { answer } from '../answer.js';
import { bearerOf, parseBody, promptOf, textOf } from '../request.js';
import { answerWith, sse, stream, type Frame } from '../respond.js';
import { pickToolCall, type ToolCall, type ToolChoice } from '../tools.js';
import { RequestError, type Ctx, type Reply, type Vendor } from '../vendor.js';

const TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  503: ['api_error', 'Service unavailable'],
  529: ['overloaded_error', 'Overloaded'],
};

export function anthropicError(status: number, message?: string): Reply {
  const [type, text] = TYPES[status] ?? TYPES[status >= 500 ? 500 : 400]!;
  return {
    status,
    headers: { 'request-id': 'req_mock_error', ...(status === 429 ? { 'retry-after': '1' } : {}) },
    body: { type: 'error', error: { type, message: message ?? text }, request_id: 'req_mock_error' },
  };
}

const content = z.union([z.string(), z.array(z.object({ type: z.string() }).loose())]);
const messagesRequest = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content })).min(1),
  system: content.optional(),
  stream: z.boolean().optional(),
  stop_sequences: z.array(z.string()).optional(),
  tools: z.array(z.object({ name: z.string().min(1), input_schema: z.unknown().optional() }).loose()).optional(),
  tool_choice: z.object({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() }).loose().optional(),
});
const countRequest = messagesRequest.omit({ max_tokens: true });
const completeRequest = z.object({ model: z.string().min(1), prompt: z.string(), max_tokens_to_sample: z.number().int().positive(), stream: z.boolean().optional() });

function messages(ctx: Ctx): void {
  const body = parseBody(ctx, messagesRequest);
  const { input, all } = promptOf(body.messages);
  const a = answer(input, `${textOf(body.system)} ${all}`, body.max_tokens);
  const id = `msg_mock${ctx.record.seq}`;
  const stopReason = a.finish === 'length' ? 'max_tokens' : 'end_turn';
  const headers = { 'request-id': `req_mock${ctx.record.seq}`, 'anthropic-organization-id': 'org-mock' };
  const message = { id, type: 'message', role: 'assistant', model: body.model };
  const call = toolCallOf(body, input, ctx.record.seq);
  if (call) return toolUse(ctx, body.stream === true, message, call, a.promptTokens, headers);
  if (body.stream !== true) {
    return answerWith(ctx, {
      status: 200,
      headers,
      body: { ...message, content: [{ type: 'text', text: a.text }], stop_reason: stopReason, stop_sequence: null, usage: { input_tokens: a.promptTokens, output_tokens: a.completionTokens } },
    });
  }
  const ev = (type: string, data: object, token = false): Frame => sse({ type, ...data }, type, token);
  function* frames(): Generator<Frame> {
    yield ev('message_start', { message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: a.promptTokens, output_tokens: 1 } } });
    yield ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    yield ev('ping', {});
    for (const t of a.tokens) yield ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } }, true);
    yield ev('content_block_stop', { index: 0 });
    yield ev('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: a.completionTokens } });
    yield ev('message_stop', {});
  }
  stream(ctx, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', ...headers },
    frames: frames(),
    errorFrame: () => ev('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
  });
}

function toolCallOf(body: z.infer<typeof messagesRequest>, input: string, seq: number): ToolCall | undefined {
  const last = body.messages[body.messages.length - 1]!;
  if (Array.isArray(last.content) && last.content.some((b) => b.type === 'tool_result')) return undefined;
  const tc = body.tool_choice;
  const choice: ToolChoice = tc?.type === 'none' ? 'none' : tc?.type === 'any' ? 'any' : tc?.type === 'tool' && tc.name ? { name: tc.name } : undefined;
  return pickToolCall((body.tools ?? []).map((t) => ({ name: t.name, schema: t.input_schema })), choice, input, 'toolu_mock', seq);
}

/** A tool_use answer: the block whole, or streamed as content_block_start + input_json_delta pieces. */
function toolUse(ctx: Ctx, streamed: boolean, message: object, call: ToolCall, inputTokens: number, headers: Record<string, string>): void {
  const usage = { input_tokens: inputTokens, output_tokens: call.completionTokens };
  if (!streamed) {
    return answerWith(ctx, { status: 200, headers, body: { ...message, content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.args }], stop_reason: 'tool_use', stop_sequence: null, usage } });
  }
  const ev = (type: string, data: object, token = false): Frame => sse({ type, ...data }, type, token);
  function* frames(): Generator<Frame> {
    yield ev('message_start', { message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } } });
    yield ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
    for (const piece of call.pieces) yield ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: piece } }, true);
    yield ev('content_block_stop', { index: 0 });
    yield ev('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: call.completionTokens } });
    yield ev('message_stop', {});
  }
  stream(ctx, { headers: { 'content-type': 'text/event-stream; charset=utf-8', ...headers }, frames: frames() });
}

function countTokens(ctx: Ctx): void {
  const body = parseBody(ctx, countRequest);
  const { all } = promptOf(body.messages);
  answerWith(ctx, { status: 200, body: { input_tokens: answer('', `${textOf(body.system)} ${all}`).promptTokens } });
}

/** The legacy Text Completions API (Kong's llm/v1/completions route for anthropic). */
function complete(ctx: Ctx): void {
  const body = parseBody(ctx, completeRequest);
  const turns = body.prompt.split(/Human:/);
  const input = (turns[turns.length - 1] ?? '').split(/Assistant:/)[0]!;
  const a = answer(input, body.prompt.replace(/(Human|Assistant):/g, ''), body.max_tokens_to_sample);
  const stop = a.finish === 'length' ? 'max_tokens' : 'stop_sequence';
  const base = { type: 'completion', id: `compl_mock${ctx.record.seq}`, model: body.model };
  if (body.stream !== true) return answerWith(ctx, { status: 200, body: { ...base, completion: a.text, stop_reason: stop, stop: stop === 'stop_sequence' ? '\n\nHuman:' : null, log_id: base.id } });
  function* frames(): Generator<Frame> {
    for (const t of a.tokens) yield sse({ ...base, completion: t, stop_reason: null, stop: null, log_id: base.id }, 'completion', true);
    yield sse({ ...base, completion: '', stop_reason: stop, stop: stop === 'stop_sequence' ? '\n\nHuman:' : null, log_id: base.id }, 'completion');
  }
  stream(ctx, { headers: { 'content-type': 'text/event-stream; charset=utf-8' }, frames: frames(), errorFrame: () => sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error') });
}

const PATHS: Record<string, string> = { '/v1/messages': 'messages', '/v1/messages/count_tokens': 'count_tokens', '/v1/complete': 'complete' };

export function anthropic(key: string | undefined): Vendor {
  return {
    name: 'anthropic',
    route: (method, path) => (method === 'POST' && PATHS[path] ? { operation: PATHS[path]!, params: {} } : undefined),
    authenticate(ctx) {
      if (key === undefined) return { verdict: 'unchecked' };
      const h = ctx.req.headers['x-api-key'];
      const got = typeof h === 'string' ? h : bearerOf(ctx);
      if (got === undefined) return { verdict: 'missing', reject: anthropicError(401, 'x-api-key header is required') };
      return got === key ? { verdict: 'valid' } : { verdict: 'invalid', reject: anthropicError(401) };
    },
    error: anthropicError,
    handle(ctx, route) {
      if (typeof ctx.req.headers['anthropic-version'] !== 'string') throw new RequestError(400, 'anthropic-version: header is required');
      if (route.operation === 'messages') return messages(ctx);
      if (route.operation === 'count_tokens') return countTokens(ctx);
      return complete(ctx);
    },
  };
}
