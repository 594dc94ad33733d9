// OpenAI-format clients → Cohere's v1 API (Kong's cohere.lua; reference llm-providers 2.4):
// chat → POST /v1/chat, completions → POST /v1/generate. Request: Kong's config-wins merge, then
// `top_p` → `p`, `top_k` → `k`, `model` = the configured name, `stream` always present; chat:
// every message but the last becomes `chat_history` ({role: CHATBOT for assistant, else USER,
// message}), the last one's content becomes `message`; completions keep `prompt`. A body with
// `tools` goes as Kong sends it: unchanged, OpenAI-shaped (the OpenAI driver's request rules).
// Response (by body shape, as Kong): v1 chat `text` → chat.completion, v1 generate
// `generations` → text_completion, v2 `message` → chat.completion; usage from
// `meta.billed_units` (v1 chat, generate), `token_count` (older v1), `usage.billed_units` (v2).
// Stream (NDJSON, `event_type`): stream-start → the role chunk, text-generation → a content
// chunk, stream-end → the finish chunk and the counts, stream-error → an OpenAI error event.
// Beyond Kong 3.10: finish reasons are Cohere's mapped to OpenAI's (COMPLETE → stop, MAX_TOKENS →
// length, ERROR_TOXIC → content_filter, TOOL_CALL → tool_calls; Kong always says "stop" for v1
// and passes v2's verbatim), the stream's last chunk carries it (Kong sends none), chunk ids are
// the gateway's one id per stream, `stream_options` is not sent upstream, array content parts
// are joined into text, and a v2 answer's content array becomes its text.
import type { ModelSettings, ResponseTranslation, RouteType, StreamStep, TokenUsage, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { openAiPassthrough } from '../openai/passthrough.js';
import { mergeSampling } from '../options.js';
import { openAiStreamError } from '../stream-error.js';

function textOf(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((p: { text?: unknown } | null) => (typeof p?.text === 'string' ? p.text : '')).join('');
}

function requestBody(body: Record<string, unknown>, raw: Buffer, routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  if (body.tools !== undefined && body.tools !== null) return openAiPassthrough.requestBody(body, raw, routeType, model);
  const out: Record<string, unknown> = { ...body };
  mergeSampling(out, model.options);
  if (out.top_p != null) out.p = out.top_p;
  if (out.top_k != null) out.k = out.top_k;
  delete out.top_p;
  delete out.top_k;
  delete out.stream_options;
  const name = model.name ?? (typeof body.model === 'string' ? body.model : undefined);
  if (name !== undefined) out.model = name;
  out.stream = out.stream === true;
  if (Array.isArray(out.messages)) {
    const messages = out.messages as ({ role?: unknown; content?: unknown } | null)[];
    if (messages.length === 0 || messages.some((m) => m === null || typeof m !== 'object')) return { ok: false, message: 'messages must be a non-empty array of objects' };
    if (messages.length > 1) {
      out.chat_history = messages.slice(0, -1).map((m) => ({ role: m!.role === 'assistant' || m!.role === 'CHATBOT' ? 'CHATBOT' : 'USER', message: textOf(m!.content) }));
    }
    out.message = textOf(messages[messages.length - 1]!.content);
    delete out.messages;
  }
  return { ok: true, value: Buffer.from(JSON.stringify(out)) };
}

interface BilledUnits {
  input_tokens?: unknown;
  output_tokens?: unknown;
}
interface CohereAnswer {
  id?: unknown;
  generation_id?: unknown;
  text?: unknown;
  prompt?: unknown;
  generations?: { text?: unknown; finish_reason?: unknown }[];
  message?: { content?: unknown; tool_plan?: unknown; tool_calls?: unknown };
  finish_reason?: unknown;
  meta?: { billed_units?: BilledUnits };
  token_count?: { prompt_tokens?: unknown; response_tokens?: unknown };
  usage?: { billed_units?: BilledUnits };
  event_type?: unknown;
  response?: CohereAnswer;
  is_finished?: unknown;
}

/** Cohere's finish reason → OpenAI's. */
export function openAiFinish(reason: unknown): string {
  switch (reason) {
    case 'MAX_TOKENS':
      return 'length';
    case 'ERROR_TOXIC':
      return 'content_filter';
    case 'TOOL_CALL':
      return 'tool_calls';
    default:
      return 'stop';
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export function cohereUsage(a: CohereAnswer | undefined): TokenUsage | undefined {
  if (a == null) return undefined;
  const billed = a.meta?.billed_units ?? a.usage?.billed_units;
  const prompt = num(billed?.input_tokens) ?? num(a.token_count?.prompt_tokens);
  const completion = num(billed?.output_tokens) ?? num(a.token_count?.response_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  return { ...(prompt !== undefined ? { prompt_tokens: prompt } : {}), ...(completion !== undefined ? { completion_tokens: completion } : {}) };
}

function parse(text: string): CohereAnswer | undefined {
  if (text.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as CohereAnswer) : undefined;
  } catch {
    return undefined;
  }
}

function withUsage(json: Record<string, unknown>, usage: TokenUsage | undefined): void {
  if (usage === undefined) return;
  const p = usage.prompt_tokens ?? 0;
  const c = usage.completion_tokens ?? 0;
  json.usage = { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
}

function responseBody(upstream: Buffer, _routeType: RouteType, model: ModelSettings): Translated<ResponseTranslation> {
  const a = parse(upstream.toString('utf8'));
  if (a === undefined) return { ok: false, message: 'failed to decode cohere response' };
  const usage = cohereUsage(a);
  let json: Record<string, unknown>;
  let text: string;
  if (a.prompt !== undefined && Array.isArray(a.generations)) {
    const choices = a.generations.map((g, index) => ({ index, text: typeof g?.text === 'string' ? g.text : '', finish_reason: openAiFinish(g?.finish_reason) }));
    text = choices.map((c) => c.text).join('');
    json = { ...(a.id !== undefined ? { id: a.id } : {}), object: 'text_completion', model: model.name ?? undefined, choices };
  } else if (typeof a.text === 'string') {
    text = a.text;
    const choice = { index: 0, message: { role: 'assistant', content: a.text }, finish_reason: openAiFinish(a.finish_reason) };
    json = { ...(a.generation_id !== undefined ? { id: a.generation_id } : {}), object: 'chat.completion', model: model.name ?? undefined, choices: [choice] };
  } else if (a.message != null && typeof a.message === 'object') {
    const content = a.message.tool_plan ?? textOf(a.message.content) ?? null;
    text = typeof content === 'string' ? content : '';
    const message: Record<string, unknown> = { role: 'assistant', content };
    if (a.message.tool_calls != null) message.tool_calls = a.message.tool_calls;
    json = { ...(a.id !== undefined ? { id: a.id } : {}), object: 'chat.completion', model: model.name ?? undefined, choices: [{ index: 0, message, finish_reason: openAiFinish(a.finish_reason) }] };
  } else {
    return { ok: false, message: "'text' or 'generations' missing from cohere response body" };
  }
  withUsage(json, usage);
  return {
    ok: true,
    value: {
      json,
      get body() {
        return JSON.stringify(json);
      },
      usage: usage ?? {},
      responseModel: undefined,
      text,
    },
  };
}

function streamEvent(event: FrameEvent, routeType: RouteType): StreamStep {
  const a = parse(event.data);
  if (a === undefined) return { frame: undefined, text: '' };
  const chat = routeType === 'llm/v1/chat';
  switch (a.event_type) {
    case 'stream-start':
      return chat ? { frame: undefined, chunk: { choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }, text: '' } : { frame: undefined, text: '' };
    case 'text-generation': {
      const text = typeof a.text === 'string' ? a.text : '';
      const choice = chat ? { index: 0, delta: { content: text }, finish_reason: null } : { index: 0, text, finish_reason: null };
      return { frame: undefined, chunk: { choices: [choice] }, text };
    }
    case 'stream-end': {
      const finish = openAiFinish(a.finish_reason);
      const choice = chat ? { index: 0, delta: {}, finish_reason: finish } : { index: 0, text: '', finish_reason: finish };
      const usage = cohereUsage(a.response);
      return { frame: undefined, chunk: { choices: [choice] }, text: '', finished: true, ...(usage !== undefined ? { usage } : {}) };
    }
    case 'stream-error': {
      const message = typeof a.text === 'string' && a.text !== '' ? a.text : 'the upstream reported an error mid-stream';
      return { frame: `data: ${JSON.stringify({ error: { message, type: 'upstream_error' } })}\n\n`, text: '', finished: true, failed: true }; // the last thing the client gets
    }
    default:
      return { frame: undefined, text: '' };
  }
}

export const openAiToCohere: Translator = {
  name: 'openai-to-cohere',
  passthrough: false,
  framing: 'ndjson',
  requestBody,
  responseBody,
  streamEvent,
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
