// The OpenAI wire format, written once for every vendor that speaks it (OpenAI, Azure, Mistral,
// Cerebras, DashScope, xAI, Databricks, DeepSeek, vLLM): request schemas, chat.completion,
// chat.completion.chunk (role chunk, one chunk per token, finish_reason on the last choice chunk,
// a usage chunk when stream_options.include_usage), text_completion, embeddings.
import { z } from 'zod';
import { answer, embed, type Answer } from '../answer.js';
import { chatMessage, parseBody, promptOf, textOf } from '../request.js';
import { pickToolCall, type ToolCall, type ToolChoice } from '../tools.js';
import { answerWith, sse, stream, type Frame } from '../respond.js';
import { RequestError, type Ctx } from '../vendor.js';

export const chatRequest = z.object({
  model: z.string().optional(),
  messages: z.array(chatMessage).min(1),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  tools: z.array(z.object({ type: z.string(), function: z.object({ name: z.string().min(1), parameters: z.unknown().optional() }).loose() }).loose()).nullish(),
  // 'any' is Mistral's spelling of 'required'.
  tool_choice: z.union([z.enum(['none', 'auto', 'required', 'any']), z.object({ type: z.string(), function: z.object({ name: z.string() }) })]).nullish(),
});
export type ChatRequest = z.infer<typeof chatRequest>;

export const completionRequest = z.object({
  model: z.string().optional(),
  prompt: z.union([z.string(), z.array(z.string()).min(1)]),
  max_tokens: z.number().int().positive().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  suffix: z.string().nullish(),
});

export const embeddingRequest = z.object({
  model: z.string().optional(),
  input: z.union([z.string(), z.array(z.string()).min(1), z.array(z.number()).min(1), z.array(z.array(z.number()).min(1)).min(1)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().max(4096).optional(),
});

/** How a vendor differs from OpenAI's own answers. */
export interface OpenAiFlavor {
  /** The model reported when the request names none (Azure: the deployment). */
  readonly defaultModel: string;
  /** The model comes from the path (Azure's deployment, a Databricks endpoint): `model` may be absent. */
  readonly modelOptional?: boolean;
  /** Mistral, vLLM…: the last choice chunk carries `usage` whether asked or not. */
  readonly usageOnLastChunk?: boolean;
  /** Azure: `prompt_filter_results` and per-choice `content_filter_results`. */
  readonly contentFilter?: boolean;
  readonly idPrefix?: string;
  /** Mistral: embeddings answers carry an `id`. */
  readonly embeddingId?: boolean;
}

const FILTER_OK = { hate: { filtered: false, severity: 'safe' }, self_harm: { filtered: false, severity: 'safe' }, sexual: { filtered: false, severity: 'safe' }, violence: { filtered: false, severity: 'safe' } };

/** The model to report; a request without one is OpenAI's 400 unless the path names it. */
function modelOf(body: { model?: string | undefined }, flavor: OpenAiFlavor, model?: string): string {
  if (model !== undefined) return model;
  if (body.model !== undefined && body.model !== '') return body.model;
  if (flavor.modelOptional) return flavor.defaultModel;
  throw new RequestError(400, 'you must provide a model parameter');
}

export function usage(a: Answer) {
  return { prompt_tokens: a.promptTokens, completion_tokens: a.completionTokens, total_tokens: a.promptTokens + a.completionTokens };
}

const created = () => Math.floor(Date.now() / 1000);

export function chatCompletion(ctx: Ctx, flavor: OpenAiFlavor, model?: string): void {
  const body = parseBody(ctx, chatRequest);
  const m = modelOf(body, flavor, model);
  const { input, all } = promptOf(body.messages);
  const a = answer(input, all, body.max_completion_tokens ?? body.max_tokens ?? undefined);
  const id = `${flavor.idPrefix ?? 'chatcmpl-'}mock${ctx.record.seq}`;
  const filter = flavor.contentFilter ? { content_filter_results: FILTER_OK } : {};
  const promptFilter = flavor.contentFilter ? { prompt_filter_results: [{ prompt_index: 0, content_filter_results: FILTER_OK }] } : {};
  const call = toolCallOf(body, input, ctx.record.seq);
  if (call) return toolCallAnswer(ctx, body, call, { id, model: m, usage: { prompt_tokens: a.promptTokens, completion_tokens: call.completionTokens, total_tokens: a.promptTokens + call.completionTokens } });
  if (body.stream !== true) {
    const message = { role: 'assistant', content: a.text, refusal: null };
    return answerJson(ctx, {
      id,
      object: 'chat.completion',
      created: created(),
      model: m,
      choices: [{ index: 0, message, logprobs: null, finish_reason: a.finish, ...filter }],
      usage: usage(a),
      system_fingerprint: 'fp_mock',
      ...promptFilter,
    });
  }
  const includeUsage = body.stream_options?.include_usage === true;
  const base = { id, object: 'chat.completion.chunk', created: created(), model: m, system_fingerprint: 'fp_mock' };
  const usageNull = includeUsage ? { usage: null } : {};
  function* frames(): Generator<Frame> {
    if (flavor.contentFilter) yield sse({ ...base, model: '', choices: [], ...promptFilter });
    yield sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], ...usageNull });
    for (const t of a.tokens) yield sse({ ...base, choices: [{ index: 0, delta: { content: t }, logprobs: null, finish_reason: null, ...filter }], ...usageNull }, undefined, true);
    const last = flavor.usageOnLastChunk ? { usage: usage(a) } : usageNull;
    yield sse({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: a.finish, ...filter }], ...last });
    if (includeUsage) yield sse({ ...base, choices: [], usage: usage(a) });
    yield sse('[DONE]');
  }
  sseStream(ctx, frames());
}

function toolCallOf(body: ChatRequest, input: string, seq: number): ToolCall | undefined {
  if (body.messages[body.messages.length - 1]?.role === 'tool') return undefined;
  const tc = body.tool_choice;
  const choice: ToolChoice = tc === 'none' ? 'none' : tc === 'required' || tc === 'any' ? 'any' : typeof tc === 'object' && tc !== null ? { name: tc.function.name } : undefined;
  const decls = (body.tools ?? []).map((t) => ({ name: t.function.name, schema: t.function.parameters }));
  return pickToolCall(decls, choice, input, 'call_mock', seq);
}

function toolCallAnswer(ctx: Ctx, body: ChatRequest, call: ToolCall, base: { id: string; model: string; usage: ReturnType<typeof usage> }): void {
  const head = { id: base.id, object: 'chat.completion', created: created(), model: base.model };
  if (body.stream !== true) {
    const message = { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.json } }] };
    return answerJson(ctx, { ...head, choices: [{ index: 0, message, logprobs: null, finish_reason: 'tool_calls' }], usage: base.usage, system_fingerprint: 'fp_mock' });
  }
  const includeUsage = body.stream_options?.include_usage === true;
  const chunk = { ...head, object: 'chat.completion.chunk', system_fingerprint: 'fp_mock', ...(includeUsage ? { usage: null } : {}) };
  const delta = (d: object, finish: string | null = null) => ({ ...chunk, choices: [{ index: 0, delta: d, logprobs: null, finish_reason: finish }] });
  function* frames(): Generator<Frame> {
    yield sse(delta({ role: 'assistant', content: null, refusal: null }));
    yield sse(delta({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of call.pieces) yield sse(delta({ tool_calls: [{ index: 0, function: { arguments: piece } }] }), undefined, true);
    yield sse(delta({}, 'tool_calls'));
    if (includeUsage) yield sse({ ...chunk, choices: [], usage: base.usage });
    yield sse('[DONE]');
  }
  sseStream(ctx, frames());
}

export function textCompletion(ctx: Ctx, flavor: OpenAiFlavor, model?: string): void {
  const body = parseBody(ctx, completionRequest);
  const m = modelOf(body, flavor, model);
  const prompt = Array.isArray(body.prompt) ? body.prompt.join(' ') : body.prompt;
  const a = answer(prompt, prompt, body.max_tokens ?? undefined);
  const id = `cmpl-mock${ctx.record.seq}`;
  const base = { id, object: 'text_completion', created: created(), model: m };
  if (body.stream !== true) {
    return answerJson(ctx, { ...base, choices: [{ text: a.text, index: 0, logprobs: null, finish_reason: a.finish }], usage: usage(a) });
  }
  const includeUsage = body.stream_options?.include_usage === true;
  function* frames(): Generator<Frame> {
    for (const t of a.tokens) yield sse({ ...base, choices: [{ text: t, index: 0, logprobs: null, finish_reason: null }], ...(includeUsage ? { usage: null } : {}) }, undefined, true);
    yield sse({ ...base, choices: [{ text: '', index: 0, logprobs: null, finish_reason: a.finish }], ...(flavor.usageOnLastChunk ? { usage: usage(a) } : includeUsage ? { usage: null } : {}) });
    if (includeUsage) yield sse({ ...base, choices: [], usage: usage(a) });
    yield sse('[DONE]');
  }
  sseStream(ctx, frames());
}

export function embeddings(ctx: Ctx, flavor: OpenAiFlavor, model?: string): void {
  const body = parseBody(ctx, embeddingRequest);
  const m = modelOf(body, flavor, model);
  const inputs = (Array.isArray(body.input) && typeof body.input[0] !== 'number' ? body.input : [body.input]) as unknown[];
  const texts = inputs.map((i) => (typeof i === 'string' ? i : Array.isArray(i) ? i.join(' ') : String(i)));
  const dims = body.dimensions ?? 8;
  const data = texts.map((t, index) => {
    const v = embed(t, dims);
    // The openai SDK asks for base64 by default and decodes little-endian float32s.
    const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
    return { object: 'embedding', index, embedding };
  });
  const tokens = texts.reduce((n, t) => n + textOf(t).split(/\s+/).filter(Boolean).length, 0);
  answerJson(ctx, { ...(flavor.embeddingId ? { id: `embd-mock${ctx.record.seq}` } : {}), object: 'list', data, model: m, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

export function answerJson(ctx: Ctx, body: unknown): void {
  answerWith(ctx, { status: 200, headers: { 'x-request-id': `req_mock${ctx.record.seq}` }, body });
}

export function sseStream(ctx: Ctx, frames: Iterable<Frame>): void {
  stream(ctx, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': `req_mock${ctx.record.seq}` },
    frames,
    errorFrame: () => sse({ error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } }),
  });
}
