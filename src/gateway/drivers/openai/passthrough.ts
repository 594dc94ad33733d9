// OpenAI-format clients → an OpenAI-wire upstream (Kong's openai.lua, used by every
// OpenAI-compatible provider; reference llm-providers 2.1). Request: the body as sent, with
// model = the configured name (or the body's), `stream` always present, model.options merged
// (config wins) and `top_k` removed; embeddings get only `model`. Response: byte for byte when
// it is a complete OpenAI object with `choices` (embeddings: `data`), else Kong's 500; usage
// from `usage`. Stream: each event re-framed as `data: <data>\n\n` unchanged, the upstream's
// own [DONE] replaced by the proxy's; chunks missing id/created are completed by the writer.
import type { ModelSettings, ResponseTranslation, RouteType, StreamStep, TokenUsage, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { mergeSampling } from '../options.js';
import { openAiStreamError } from '../stream-error.js';

function requestBody(body: Record<string, unknown>, _raw: Buffer, routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  const out: Record<string, unknown> = { ...body };
  if (routeType !== 'llm/v1/embeddings') {
    mergeSampling(out, model.options);
    delete out.top_k;
    out.stream = out.stream === true;
  }
  const name = model.name ?? (typeof body.model === 'string' ? body.model : undefined);
  if (name !== undefined) out.model = name;
  return { ok: true, value: Buffer.from(JSON.stringify(out)) };
}

type Answer = {
  id?: unknown;
  created?: unknown;
  model?: unknown;
  choices?: { message?: { content?: unknown }; text?: unknown; delta?: { content?: unknown }; finish_reason?: unknown }[];
  data?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  error?: unknown;
};

function usageOf(a: Answer): TokenUsage {
  const u: TokenUsage = {};
  if (typeof a.usage?.prompt_tokens === 'number') u.prompt_tokens = a.usage.prompt_tokens;
  if (typeof a.usage?.completion_tokens === 'number') u.completion_tokens = a.usage.completion_tokens;
  return u;
}

function textOf(a: Answer): string {
  if (!Array.isArray(a.choices)) return '';
  let text = '';
  for (const c of a.choices) {
    const t = c?.message?.content ?? c?.text ?? c?.delta?.content;
    if (typeof t === 'string') text += t;
  }
  return text;
}

function responseBody(upstream: Buffer, routeType: RouteType): Translated<ResponseTranslation> {
  let a: Answer;
  try {
    a = JSON.parse(upstream.toString('utf8')) as Answer;
  } catch {
    return { ok: false, message: `failed to decode ${routeType} response` };
  }
  if (typeof a !== 'object' || a === null) return { ok: false, message: `failed to decode ${routeType} response` };
  const embeddings = routeType === 'llm/v1/embeddings';
  if (embeddings ? !Array.isArray(a.data) : !Array.isArray(a.choices)) return { ok: false, message: `'${embeddings ? 'data' : 'choices'}' not in ${routeType} response` };
  const complete = embeddings || (a.id !== undefined && a.created !== undefined && a.model !== undefined);
  const responseModel = typeof a.model === 'string' ? a.model : undefined;
  const value: ResponseTranslation = complete
    ? { body: upstream, usage: usageOf(a), responseModel, text: textOf(a) }
    : { body: upstream, json: a as Record<string, unknown>, usage: usageOf(a), responseModel, text: textOf(a) };
  return { ok: true, value };
}

function streamEvent(event: FrameEvent): StreamStep {
  const data = event.data;
  if (data.charCodeAt(0) !== 123 /* { */) return { frame: undefined, text: '' }; // [DONE]: the proxy writes its own
  let a: Answer;
  try {
    a = JSON.parse(data) as Answer;
  } catch {
    return { frame: undefined, text: '' };
  }
  if (a.error !== undefined) return { frame: `data: ${data}\n\n`, text: '', failed: true }; // the SDKs raise on it; nothing after it, no [DONE]
  let finished = false;
  if (Array.isArray(a.choices)) for (const c of a.choices) if (c?.finish_reason != null) finished = true;
  // complete chunks go out byte for byte; others are completed (id, created, model) by the writer
  const complete = a.id !== undefined && a.created !== undefined && a.model !== undefined;
  // one object per event, its fields set once (this runs for every streamed token)
  const step: { -readonly [K in keyof StreamStep]: StreamStep[K] } = {
    frame: complete ? `data: ${data}\n\n` : undefined,
    text: textOf(a),
    finished,
  };
  if (!complete) step.chunk = a as Record<string, unknown>;
  if (a.usage != null) step.usage = usageOf(a);
  if (typeof a.model === 'string' && a.model !== '') step.responseModel = a.model;
  return step;
}

export const openAiPassthrough: Translator = {
  name: 'openai-to-openai',
  passthrough: false,
  framing: 'sse',
  requestBody,
  responseBody: (upstream, routeType) => responseBody(upstream, routeType),
  streamEvent,
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
