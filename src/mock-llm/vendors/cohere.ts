// Cohere: the v1 API Kong's cohere driver targets (/v1/chat, /v1/generate, /v1/embed; streams as
// newline-delimited JSON with event_type stream-start / text-generation / stream-end) and the v2
// API the SDK's CohereClientV2 calls (/v2/chat with the SSE events message-start … message-end
// then [DONE]; /v2/embed). Bearer auth; errors are {"message": "..."}.
import { z } from 'zod';
import { answer, embed, type Answer } from '../answer.js';
import { pickToolCall, type ToolCall, type ToolChoice } from '../tools.js';
import { bearerAuth } from './openai.js';
import { parseBody, promptOf } from '../request.js';
import { answerWith, ndjson, sse, stream, type Frame } from '../respond.js';
import type { Ctx, Reply, Vendor } from '../vendor.js';

const MESSAGES: Record<number, string> = {
  400: 'invalid request',
  401: 'invalid api token',
  403: 'forbidden',
  404: 'model not found',
  429: 'You are using a Trial key, which is limited to 10 API calls / minute. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at https://dashboard.cohere.com/api-keys.',
  500: 'internal server error, this has been reported to our developers',
  503: 'service unavailable',
};

export function cohereError(status: number, message?: string): Reply {
  return { status, headers: { 'x-trial-endpoint-call-limit': '10' }, body: { message: message ?? MESSAGES[status] ?? MESSAGES[status >= 500 ? 500 : 400]! } };
}

const NDJSON = { 'content-type': 'application/stream+json' };
const finishOf = (a: Answer) => (a.finish === 'length' ? 'MAX_TOKENS' : 'COMPLETE');
const meta = (a: Answer) => ({
  api_version: { version: '1' },
  billed_units: { input_tokens: a.promptTokens, output_tokens: a.completionTokens },
  tokens: { input_tokens: a.promptTokens, output_tokens: a.completionTokens },
});
const streamError = () => ndjson({ is_finished: true, event_type: 'stream-error', finish_reason: 'ERROR', text: 'internal server error' });

const v1ChatRequest = z.object({
  message: z.string(),
  model: z.string().optional(),
  preamble: z.string().optional(),
  chat_history: z.array(z.object({ role: z.string(), message: z.string().optional() }).loose()).optional(),
  max_tokens: z.number().int().positive().optional(),
  stream: z.boolean().optional(),
});

function v1Chat(ctx: Ctx): void {
  const body = parseBody(ctx, v1ChatRequest);
  const history = (body.chat_history ?? []).map((h) => h.message ?? '').join(' ');
  const a = answer(body.message, `${body.preamble ?? ''} ${history} ${body.message}`, body.max_tokens);
  const id = `mock-${ctx.record.seq}`;
  const response = {
    response_id: id,
    text: a.text,
    generation_id: `gen-${id}`,
    chat_history: [...(body.chat_history ?? []), { role: 'USER', message: body.message }, { role: 'CHATBOT', message: a.text }],
    finish_reason: finishOf(a),
    meta: meta(a),
  };
  if (body.stream !== true) return answerWith(ctx, { status: 200, body: response });
  function* frames(): Generator<Frame> {
    yield ndjson({ is_finished: false, event_type: 'stream-start', generation_id: response.generation_id });
    for (const t of a.tokens) yield ndjson({ is_finished: false, event_type: 'text-generation', text: t }, true);
    yield ndjson({ is_finished: true, event_type: 'stream-end', finish_reason: response.finish_reason, response });
  }
  stream(ctx, { headers: NDJSON, frames: frames(), errorFrame: streamError });
}

const generateRequest = z.object({ prompt: z.string(), model: z.string().optional(), max_tokens: z.number().int().positive().optional(), stream: z.boolean().optional() });

function v1Generate(ctx: Ctx): void {
  const body = parseBody(ctx, generateRequest);
  const a = answer(body.prompt, body.prompt, body.max_tokens);
  const id = `mock-${ctx.record.seq}`;
  const response = { id, generations: [{ id: `gen-${id}`, text: a.text, finish_reason: finishOf(a) }], prompt: body.prompt, meta: meta(a) };
  if (body.stream !== true) return answerWith(ctx, { status: 200, body: response });
  function* frames(): Generator<Frame> {
    for (const t of a.tokens) yield ndjson({ text: t, is_finished: false, event_type: 'text-generation' }, true);
    yield ndjson({ is_finished: true, event_type: 'stream-end', finish_reason: finishOf(a), response });
  }
  stream(ctx, { headers: NDJSON, frames: frames(), errorFrame: streamError });
}

const embedRequest = z.object({ texts: z.array(z.string()).min(1), model: z.string().optional(), input_type: z.string().optional(), embedding_types: z.array(z.string()).optional() });

function embedTexts(ctx: Ctx, v2: boolean): void {
  const body = parseBody(ctx, embedRequest);
  const vectors = body.texts.map((t) => embed(t));
  const tokens = answer('', body.texts.join(' ')).promptTokens;
  const base = { id: `mock-${ctx.record.seq}`, texts: body.texts, meta: { api_version: { version: v2 ? '2' : '1' }, billed_units: { input_tokens: tokens } } };
  if (v2 || body.embedding_types) return answerWith(ctx, { status: 200, body: { ...base, response_type: 'embeddings_by_type', embeddings: { float: vectors } } });
  answerWith(ctx, { status: 200, body: { ...base, response_type: 'embeddings_floats', embeddings: vectors } });
}

const v2ChatRequest = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.unknown().optional() }).loose()).min(1),
  max_tokens: z.number().int().positive().optional(),
  stream: z.boolean().optional(),
  tools: z.array(z.object({ type: z.string(), function: z.object({ name: z.string().min(1), parameters: z.unknown().optional() }).loose() }).loose()).optional(),
  tool_choice: z.enum(['REQUIRED', 'NONE']).optional(),
});

/** v2 tool calls: a tool_plan and tool_calls (OpenAI's shape), finish_reason TOOL_CALL; streamed as tool-plan-delta, tool-call-start/delta/end. */
function v2ToolCall(ctx: Ctx, body: z.infer<typeof v2ChatRequest>, call: ToolCall, a: Answer, id: string): void {
  const usage = { billed_units: { input_tokens: a.promptTokens, output_tokens: call.completionTokens }, tokens: { input_tokens: a.promptTokens, output_tokens: call.completionTokens } };
  const plan = `I will use the ${call.name} tool.`;
  const toolCall = { id: call.id, type: 'function', function: { name: call.name, arguments: call.json } };
  if (body.stream !== true) {
    return answerWith(ctx, { status: 200, body: { id, finish_reason: 'TOOL_CALL', message: { role: 'assistant', tool_plan: plan, tool_calls: [toolCall] }, usage } });
  }
  const ev = (type: string, data: object, token = false) => sse({ type, ...data }, type, token);
  function* frames(): Generator<Frame> {
    yield ev('message-start', { id, delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } });
    yield ev('tool-plan-delta', { delta: { message: { tool_plan: plan } } });
    yield ev('tool-call-start', { index: 0, delta: { message: { tool_calls: { ...toolCall, function: { name: call.name, arguments: '' } } } } });
    for (const piece of call.pieces) yield ev('tool-call-delta', { index: 0, delta: { message: { tool_calls: { function: { arguments: piece } } } } }, true);
    yield ev('tool-call-end', { index: 0 });
    yield ev('message-end', { delta: { finish_reason: 'TOOL_CALL', usage } });
    yield sse('[DONE]');
  }
  stream(ctx, { headers: { 'content-type': 'text/event-stream' }, frames: frames() });
}

function v2Chat(ctx: Ctx): void {
  const body = parseBody(ctx, v2ChatRequest);
  const { input, all } = promptOf(body.messages);
  const a = answer(input, all, body.max_tokens);
  const id = `mock-${ctx.record.seq}`;
  const last = body.messages[body.messages.length - 1]!;
  const choice: ToolChoice = body.tool_choice === 'NONE' ? 'none' : body.tool_choice === 'REQUIRED' ? 'any' : undefined;
  const call = last.role === 'tool' ? undefined : pickToolCall((body.tools ?? []).map((t) => ({ name: t.function.name, schema: t.function.parameters })), choice, input, 'call_mock', ctx.record.seq);
  if (call) return v2ToolCall(ctx, body, call, a, id);
  const usage = { billed_units: { input_tokens: a.promptTokens, output_tokens: a.completionTokens }, tokens: { input_tokens: a.promptTokens, output_tokens: a.completionTokens } };
  if (body.stream !== true) {
    return answerWith(ctx, { status: 200, body: { id, finish_reason: finishOf(a), message: { role: 'assistant', content: [{ type: 'text', text: a.text }] }, usage } });
  }
  const ev = (type: string, data: object, token = false) => sse({ type, ...data }, type, token);
  function* frames(): Generator<Frame> {
    yield ev('message-start', { id, delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } });
    yield ev('content-start', { index: 0, delta: { message: { content: { type: 'text', text: '' } } } });
    for (const t of a.tokens) yield ev('content-delta', { index: 0, delta: { message: { content: { text: t } } } }, true);
    yield ev('content-end', { index: 0 });
    yield ev('message-end', { delta: { finish_reason: finishOf(a), usage } });
    yield sse('[DONE]');
  }
  stream(ctx, { headers: { 'content-type': 'text/event-stream' }, frames: frames(), errorFrame: () => sse({ message: MESSAGES[500] }) });
}

const PATHS: Record<string, string> = { '/v1/chat': 'chat', '/v1/generate': 'generate', '/v1/embed': 'embed', '/v2/chat': 'v2-chat', '/v2/embed': 'v2-embed' };

export function cohere(key: string | undefined): Vendor {
  return {
    name: 'cohere',
    route: (method, path) => (method === 'POST' && PATHS[path] ? { operation: PATHS[path]!, params: {} } : undefined),
    authenticate: (ctx) => bearerAuth(ctx, key, cohereError, 'no api key supplied'),
    error: cohereError,
    handle(ctx, route) {
      switch (route.operation) {
        case 'chat':
          return v1Chat(ctx);
        case 'generate':
          return v1Generate(ctx);
        case 'v2-chat':
          return v2Chat(ctx);
        default:
          return embedTexts(ctx, route.operation === 'v2-embed');
      }
    },
  };
}

