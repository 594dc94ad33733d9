// Native Cohere clients (`llm_format: cohere`; Kong EE 3.11 documents /v1/rerank and /v2/rerank,
// this gateway also takes the rest of Cohere's text API the cohere-ai SDK calls): POST
// …/v1/chat, /v1/generate, /v1/embed, /v1/rerank, /v2/chat, /v2/embed, /v2/rerank after the
// route's strip_path. The body goes upstream byte for byte to that API path on the configured
// host, the answer comes back byte for byte; the model and `stream` the body names are checked
// as Kong checks them (own model, response_streaming). The translator reads usage only: v1
// `meta.billed_units` (and the stream-end event's `response`), v2 `usage.billed_units` (and the
// message-end event's `delta.usage`). v1 streams are NDJSON and v2 streams SSE: the NDJSON decoder
// reads both, a `data: ` prefix being stripped before parsing.
import type { OperationCheck, ResponseTranslation, StreamStep, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { cohereUsage } from './openai-format.js';

const PATH = /\/(v[12]\/(?:chat|generate|embed|rerank))$/;

function operation(method: string, strippedPath: string): OperationCheck {
  const m = PATH.exec(strippedPath);
  if (m === null || m[1] === 'v2/generate') {
    return { ok: false, status: 400, message: `${strippedPath} is not a supported Cohere native API (use /v1/chat, /v1/generate, /v1/embed, /v1/rerank, /v2/chat, /v2/embed or /v2/rerank)` };
  }
  if (method !== 'POST') return { ok: false, status: 405, message: `${method} is not supported for ${strippedPath}; Cohere native APIs take POST`, headers: { allow: 'POST' } };
  return { ok: true, operation: m[1]!, stream: false };
}

function parse(text: string): Record<string, unknown> | undefined {
  const json = text.startsWith('data:') ? text.slice(5).trim() : text;
  if (json.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    const v = JSON.parse(json) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function textOf(a: Record<string, unknown>): string {
  if (typeof a.text === 'string') return a.text;
  const content = (a.message as { content?: unknown } | undefined)?.content;
  if (Array.isArray(content)) return content.map((p: { text?: unknown } | null) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return '';
}

function responseBody(upstream: Buffer): Translated<ResponseTranslation> {
  const a = parse(upstream.toString('utf8'));
  return { ok: true, value: { body: upstream, usage: (a && cohereUsage(a)) ?? {}, responseModel: undefined, text: a ? textOf(a) : '' } };
}

function streamEvent(event: FrameEvent): StreamStep {
  const a = parse(event.data);
  if (a === undefined) return { frame: undefined, text: '' };
  // v1 stream-end carries the whole response; v2 message-end its usage under delta
  const usage = cohereUsage((a.response ?? a.delta ?? undefined) as never);
  const delta = (a.delta as { message?: { content?: { text?: unknown } } } | undefined)?.message?.content?.text;
  const text = a.event_type === 'text-generation' && typeof a.text === 'string' ? a.text : typeof delta === 'string' ? delta : '';
  return { frame: undefined, text, ...(usage !== undefined ? { usage } : {}) };
}

export const cohereToCohere: Translator = {
  name: 'cohere-to-cohere',
  passthrough: true,
  framing: 'ndjson',
  operation,
  nativeRequest: (body) => ({ ok: true, ...(typeof body.model === 'string' ? { model: body.model } : {}), stream: body.stream === true }),
  requestBody: (_body, raw) => ({ ok: true, value: raw }),
  responseBody,
  streamEvent,
  streamTerminator: undefined,
  streamError: () => undefined,
};
