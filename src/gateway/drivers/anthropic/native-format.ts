// Native Anthropic clients (`llm_format: anthropic`, Kong 3.13 EE; reference llm-providers 3):
// the client speaks the Messages API through the gateway — POST …/v1/messages — and its body
// goes upstream byte for byte, the answer comes back byte for byte; the gateway injects the
// configured credential and `anthropic-version`, checks the model the body names against the
// configured one, takes `stream` from the body, and reads usage: `usage.input_tokens` /
// `output_tokens` of a message, `message_start` and `message_delta` of a stream.
import type { OperationCheck, ResponseTranslation, StreamStep, TokenUsage, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { NO_PROMPTS } from '../messages.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function operation(method: string, strippedPath: string): OperationCheck {
  if (!/(^|\/)v1\/messages\/?$/.test(strippedPath)) {
    return { ok: false, status: 400, message: `${strippedPath} is not a supported Anthropic native API (use POST /v1/messages)` };
  }
  if (method !== 'POST') return { ok: false, status: 405, message: `${method} is not supported for ${strippedPath}; the Anthropic Messages API takes POST`, headers: { allow: 'POST' } };
  return { ok: true, operation: 'messages', stream: false };
}

function usageOf(u: unknown): TokenUsage {
  const out: TokenUsage = {};
  if (!isObj(u)) return out;
  if (typeof u.input_tokens === 'number') out.prompt_tokens = u.input_tokens;
  if (typeof u.output_tokens === 'number') out.completion_tokens = u.output_tokens;
  return out;
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((b) => (isObj(b) && b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
}

function responseBody(upstream: Buffer): Translated<ResponseTranslation> {
  let r: unknown;
  try {
    r = JSON.parse(upstream.toString('utf8'));
  } catch {
    r = undefined; // still relayed unchanged: there is just nothing to count
  }
  const m = isObj(r) ? r : {};
  return { ok: true, value: { body: upstream, usage: usageOf(m.usage), responseModel: typeof m.model === 'string' ? m.model : undefined, text: textOf(m.content) } };
}

function streamEvent(event: FrameEvent): StreamStep {
  if (event.data.charCodeAt(0) !== 123 /* { */) return { frame: undefined, text: '' };
  let e: Obj;
  try {
    const v = JSON.parse(event.data) as unknown;
    if (!isObj(v)) return { frame: undefined, text: '' };
    e = v;
  } catch {
    return { frame: undefined, text: '' };
  }
  const type = event.event ?? e.type;
  if (type === 'message_start' && isObj(e.message)) {
    return { frame: undefined, text: '', usage: usageOf(e.message.usage), ...(typeof e.message.model === 'string' ? { responseModel: e.message.model } : {}) };
  }
  if (type === 'message_delta') return { frame: undefined, text: '', usage: usageOf(e.usage) };
  if (type === 'content_block_delta' && isObj(e.delta) && typeof e.delta.text === 'string') return { frame: undefined, text: e.delta.text };
  return { frame: undefined, text: '' };
}

export const anthropicToAnthropic: Translator = {
  name: 'anthropic-to-anthropic',
  passthrough: true,
  framing: 'sse',
  operation,
  nativeRequest: (body) =>
    !Array.isArray(body.messages) ? { ok: false, message: NO_PROMPTS } : { ok: true, model: typeof body.model === 'string' ? body.model : null, stream: body.stream === true },
  requestBody: (_body, raw) => ({ ok: true, value: raw }),
  responseBody: (upstream) => responseBody(upstream),
  streamEvent,
  streamTerminator: undefined,
  streamError: () => undefined,
};

