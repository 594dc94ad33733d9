// Ollama: /api/chat, /api/generate (streamed by default, as newline-delimited JSON ending with a
// `done: true` line carrying the counters), /api/embed and the legacy /api/embeddings, GET
// /api/tags and /api/version, and its OpenAI-compatible /v1/chat/completions (under /ollama/).
// No auth unless --ollama-key is given (a Bearer token, as behind a proxy); errors are {"error"}.
import { z } from 'zod';
import { answer, embed, type Answer } from '../answer.js';
import { chatMessage, parseBody, promptOf } from '../request.js';
import { answerWith, ndjson, send, stream, type Frame } from '../respond.js';
import type { Ctx, Reply, Vendor } from '../vendor.js';
import { pickToolCall } from '../tools.js';
import { bearerAuth } from './openai.js';
import { chatCompletion, embeddings } from './openai-wire.js';

const TEXT: Record<number, string> = { 400: 'invalid request', 401: 'unauthorized', 404: 'model not found, try pulling it first', 429: 'too many requests', 500: 'llama runner process has terminated', 503: 'server busy, please try again.  maximum pending requests exceeded' };

export function ollamaError(status: number, message?: string): Reply {
  return { status, body: { error: message ?? TEXT[status] ?? TEXT[status >= 500 ? 500 : 400]! } };
}

const options = z.object({ num_predict: z.number().int().optional() }).loose().optional();
const tools = z.array(z.object({ type: z.string().optional(), function: z.object({ name: z.string().min(1), parameters: z.unknown().optional() }).loose() }).loose()).optional();
const chatRequest = z.object({ model: z.string().min(1), messages: z.array(chatMessage), stream: z.boolean().optional(), options, tools });
const generateRequest = z.object({ model: z.string().min(1), prompt: z.string().optional(), system: z.string().optional(), stream: z.boolean().optional(), options });
const embedRequest = z.object({ model: z.string().min(1), input: z.union([z.string(), z.array(z.string())]), dimensions: z.number().int().positive().max(4096).optional() });
const legacyEmbedRequest = z.object({ model: z.string().min(1), prompt: z.string() });

const now = () => new Date().toISOString();
const counters = (a: Answer) => ({
  total_duration: 1_000_000 * (a.completionTokens + 1),
  load_duration: 100_000,
  prompt_eval_count: a.promptTokens,
  prompt_eval_duration: 10_000 * a.promptTokens,
  eval_count: a.completionTokens,
  eval_duration: 1_000_000 * a.completionTokens,
});
const limitOf = (o: { num_predict?: number | undefined } | undefined) => (o?.num_predict !== undefined && o.num_predict > 0 ? o.num_predict : undefined);
const NDJSON = { 'content-type': 'application/x-ndjson' };

/** Ollama's answer to no messages / no prompt: the model is loaded, nothing generated. */
function loaded(ctx: Ctx, model: string, chat: boolean): void {
  answerWith(ctx, { status: 200, body: { model, created_at: now(), ...(chat ? { message: { role: 'assistant', content: '' } } : { response: '' }), done_reason: 'load', done: true } });
}

function chatOrGenerate(ctx: Ctx, chat: boolean): void {
  let a: Answer;
  let model: string;
  let streamed: boolean;
  if (chat) {
    const body = parseBody(ctx, chatRequest);
    if (body.messages.length === 0) return loaded(ctx, body.model, true);
    const { input, all } = promptOf(body.messages);
    a = answer(input, all, limitOf(body.options));
    ({ model } = body);
    streamed = body.stream !== false;
    // Ollama has no tool_choice: a declared tool named in the text is called; a tool result gets text.
    const last = body.messages[body.messages.length - 1]!;
    const call = last.role === 'tool' ? undefined : pickToolCall((body.tools ?? []).map((t) => ({ name: t.function.name, schema: t.function.parameters })), undefined, input, 'call_mock', ctx.record.seq);
    if (call) {
      const message = { role: 'assistant', content: '', tool_calls: [{ function: { name: call.name, arguments: call.args } }] };
      const final = { model, created_at: now(), message, done_reason: 'stop', done: true, ...counters({ ...a, completionTokens: call.completionTokens }) };
      if (!streamed) return answerWith(ctx, { status: 200, body: final });
      // Ollama streams a tool call whole, in one line before the final one.
      return stream(ctx, { headers: NDJSON, frames: [ndjson({ model, created_at: now(), message, done: false }), ndjson({ ...final, message: { role: 'assistant', content: '' } })] });
    }
  } else {
    const body = parseBody(ctx, generateRequest);
    if (!body.prompt) return loaded(ctx, body.model, false);
    a = answer(body.prompt ?? '', `${body.system ?? ''} ${body.prompt ?? ''}`, limitOf(body.options));
    ({ model } = body);
    streamed = body.stream !== false;
  }
  const doneReason = a.finish === 'length' ? 'length' : 'stop';
  const piece = (text: string) => (chat ? { message: { role: 'assistant', content: text } } : { response: text });
  const final = (text: string) => ({ model, created_at: now(), ...piece(text), done_reason: doneReason, done: true, ...(chat ? {} : { context: a.tokens.map((_, i) => i + 1) }), ...counters(a) });
  if (!streamed) return answerWith(ctx, { status: 200, body: final(a.text) });
  function* frames(): Generator<Frame> {
    for (const t of a.tokens) yield ndjson({ model, created_at: now(), ...piece(t), done: false }, true);
    yield ndjson(final(''));
  }
  stream(ctx, { headers: NDJSON, frames: frames(), errorFrame: () => ndjson({ error: TEXT[500] }) });
}

function embedInputs(ctx: Ctx, legacy: boolean): void {
  if (legacy) {
    const body = parseBody(ctx, legacyEmbedRequest);
    return answerWith(ctx, { status: 200, body: { embedding: embed(body.prompt) } });
  }
  const body = parseBody(ctx, embedRequest);
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  answerWith(ctx, {
    status: 200,
    body: { model: body.model, embeddings: inputs.map((t) => embed(t, body.dimensions ?? 8)), total_duration: 1_000_000, load_duration: 100_000, prompt_eval_count: answer('', inputs.join(' ')).promptTokens },
  });
}

const POSTS: Record<string, string> = { '/api/chat': 'chat', '/api/generate': 'generate', '/api/embed': 'embed', '/api/embeddings': 'embeddings-legacy', '/v1/chat/completions': 'openai-chat', '/v1/embeddings': 'openai-embeddings' };
const GETS: Record<string, string> = { '/api/tags': 'tags', '/api/version': 'version' };

export function ollama(key: string | undefined): Vendor {
  return {
    name: 'ollama',
    route(method, path) {
      const op = method === 'POST' ? POSTS[path] : method === 'GET' ? GETS[path] : undefined;
      return op ? { operation: op, params: {} } : undefined;
    },
    authenticate: (ctx) => bearerAuth(ctx, key, ollamaError, 'unauthorized'),
    error: ollamaError,
    handle(ctx, route) {
      switch (route.operation) {
        case 'chat':
          return chatOrGenerate(ctx, true);
        case 'generate':
          return chatOrGenerate(ctx, false);
        case 'embed':
          return embedInputs(ctx, false);
        case 'embeddings-legacy':
          return embedInputs(ctx, true);
        case 'openai-chat':
          return chatCompletion(ctx, { defaultModel: 'llama3.2' });
        case 'openai-embeddings':
          return embeddings(ctx, { defaultModel: 'nomic-embed-text' });
        case 'version':
          return send(ctx.res, { status: 200, body: { version: '0.12.6' } });
        default:
          return send(ctx.res, { status: 200, body: { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', modified_at: '2025-01-01T00:00:00Z', size: 2019393189, digest: 'a80c4f17acd5', details: { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' } }] } });
      }
    },
  };
}
