// OpenAI-format clients → Ollama's own API (Kong's to_ollama/from_ollama in shared.lua, used by
// provider ollama, mistral_format: ollama and llama2_format: ollama; reference llm-providers
// 2.6). Request: `messages` (chat, /api/chat) or `prompt` (completions, /api/generate),
// `stream` always present, model = the configured name, `options` {num_predict, temperature,
// top_p, top_k} when model.options is set. Response: an OpenAI object with usage from
// prompt_eval_count/eval_count. Stream: NDJSON lines → OpenAI chunks; the `done: true` line
// carries the finish_reason (done_reason, else "stop") and the counts. Beyond Kong (which emits
// only content): chunks carry the role and `created` is epoch seconds, as OpenAI's. Embeddings
// (Kong's docs: /api/embed; the field mapping is not public): {model, input} → an OpenAI list.
import type { ModelSettings, ResponseTranslation, RouteType, StreamStep, TokenUsage, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { mergeSampling } from '../options.js';
import { openAiStreamError } from '../stream-error.js';

function requestBody(body: Record<string, unknown>, _raw: Buffer, routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  if (routeType === 'llm/v1/embeddings') {
    // /api/embed {model, input}; Kong's docs name the path, the field mapping is ours
    return { ok: true, value: Buffer.from(JSON.stringify({ model: model.name ?? body.model, input: body.input })) };
  }
  const merged: Record<string, unknown> = { ...body };
  mergeSampling(merged, model.options);
  const out: Record<string, unknown> = {};
  if (merged.messages !== undefined) out.messages = merged.messages;
  else if (merged.prompt !== undefined) out.prompt = merged.prompt;
  out.stream = merged.stream === true;
  out.model = model.name ?? merged.model;
  for (const key of ['format', 'tools', 'tool_choice']) if (merged[key] !== undefined) out[key] = merged[key];
  if (model.options !== null) {
    const options: Record<string, unknown> = {};
    if (merged.max_tokens != null) options.num_predict = merged.max_tokens;
    for (const key of ['temperature', 'top_p', 'top_k']) if (merged[key] != null) options[key] = merged[key];
    out.options = options;
  }
  return { ok: true, value: Buffer.from(JSON.stringify(out)) };
}

interface OllamaAnswer {
  model?: string;
  created_at?: string;
  message?: { role?: string; content?: string; tool_calls?: unknown };
  response?: string;
  done?: boolean;
  done_reason?: string;
  finish_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: unknown;
}

function usageOf(a: OllamaAnswer): TokenUsage {
  const u: TokenUsage = {};
  if (typeof a.prompt_eval_count === 'number') u.prompt_tokens = a.prompt_eval_count;
  if (typeof a.eval_count === 'number') u.completion_tokens = a.eval_count;
  return u;
}

const seconds = (iso: string | undefined): number => {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Math.floor((Number.isNaN(ms) ? Date.now() : ms) / 1000);
};

function finishReason(a: OllamaAnswer, model: ModelSettings): string {
  if (a.finish_reason) return a.finish_reason;
  if (a.done_reason) return a.done_reason === 'length' ? 'length' : a.done_reason;
  return a.eval_count !== undefined && a.eval_count === model.options?.max_tokens ? 'length' : 'stop';
}

function embeddingsBody(a: OllamaAnswer & { embeddings?: unknown }, model: ModelSettings): Translated<ResponseTranslation> {
  if (!Array.isArray(a.embeddings)) return { ok: false, message: "'embeddings' not in llm/v1/embeddings response" };
  const prompt = typeof a.prompt_eval_count === 'number' ? a.prompt_eval_count : undefined;
  const json: Record<string, unknown> = {
    object: 'list',
    data: a.embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model: a.model ?? model.name,
    usage: { prompt_tokens: prompt ?? 0, total_tokens: prompt ?? 0 },
  };
  return {
    ok: true,
    value: {
      json,
      get body() {
        return JSON.stringify(json);
      },
      usage: prompt !== undefined ? { prompt_tokens: prompt, completion_tokens: 0 } : {},
      responseModel: a.model,
      text: '',
    },
  };
}

function responseBody(upstream: Buffer, routeType: RouteType, model: ModelSettings): Translated<ResponseTranslation> {
  let a: OllamaAnswer;
  try {
    a = JSON.parse(upstream.toString('utf8')) as OllamaAnswer;
  } catch {
    return { ok: false, message: 'failed to decode response' };
  }
  if (typeof a !== 'object' || a === null) return { ok: false, message: 'failed to decode response' };
  if (a.error !== undefined) return { ok: false, message: `API error: ${typeof a.error === 'string' ? a.error : JSON.stringify(a.error)}` };
  if (routeType === 'llm/v1/embeddings') return embeddingsBody(a, model);
  const usage = usageOf(a);
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const chat = routeType === 'llm/v1/chat';
  const text = chat ? (a.message?.content ?? '') : (a.response ?? '');
  const json: Record<string, unknown> = {
    model: a.model ?? model.name,
    created: seconds(a.created_at),
    object: chat ? 'chat.completion' : 'text_completion',
    choices: chat
      ? [{ index: 0, message: { role: 'assistant', ...a.message, content: text }, finish_reason: finishReason(a, model) }]
      : [{ index: 0, text, finish_reason: finishReason(a, model) }],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
  return {
    ok: true,
    value: {
      json,
      get body() {
        return JSON.stringify(json);
      },
      usage,
      responseModel: a.model,
      text,
    },
  };
}

function streamEvent(event: FrameEvent, routeType: RouteType, model: ModelSettings): StreamStep {
  let a: OllamaAnswer;
  try {
    a = JSON.parse(event.data) as OllamaAnswer;
  } catch {
    return { frame: undefined, text: '' };
  }
  if (typeof a !== 'object' || a === null) return { frame: undefined, text: '' };
  if (a.error !== undefined) {
    const message = typeof a.error === 'string' ? a.error : JSON.stringify(a.error);
    return { frame: `data: ${JSON.stringify({ error: { message, type: 'upstream_error' } })}\n\n`, text: '', failed: true }; // the last frame: no [DONE] after it
  }
  const chat = routeType === 'llm/v1/chat';
  const text = chat ? (a.message?.content ?? '') : (a.response ?? '');
  const finish = a.done === true ? finishReason(a, model) : null;
  const choice = chat
    ? { index: 0, delta: a.done === true && text === '' ? {} : { role: 'assistant', content: text }, finish_reason: finish }
    : { index: 0, text, finish_reason: finish };
  const step: StreamStep = {
    frame: undefined,
    chunk: { ...(a.model !== undefined ? { model: a.model } : {}), choices: [choice] },
    text,
    finished: finish !== null,
    ...(a.done === true ? { usage: usageOf(a) } : {}),
    ...(a.model !== undefined ? { responseModel: a.model } : {}),
  };
  return step;
}

export const openAiToOllama: Translator = {
  name: 'openai-to-ollama',
  passthrough: false,
  framing: 'ndjson',
  requestBody,
  responseBody,
  streamEvent,
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
