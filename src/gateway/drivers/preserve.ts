// `route_type: preserve` for every provider that supports it: the client's body goes upstream
// unchanged (auth injected), the answer comes back unchanged; usage is read where the answer
// carries OpenAI-style `usage` (a body, or a stream event), nothing is required of it.
import type { FrameEvent, Framing } from './framing.js';
import type { ResponseTranslation, StreamStep, TokenUsage, Translated, Translator } from './driver.js';

function usageOf(value: unknown): TokenUsage | undefined {
  const u = (value as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
  if (u == null || typeof u !== 'object') return undefined;
  const out: TokenUsage = {};
  if (typeof u.prompt_tokens === 'number') out.prompt_tokens = u.prompt_tokens;
  if (typeof u.completion_tokens === 'number') out.completion_tokens = u.completion_tokens;
  return out;
}

function parse(text: string): unknown {
  if (text.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function responseBody(upstream: Buffer): Translated<ResponseTranslation> {
  const parsed = parse(upstream.toString('utf8')) as { model?: unknown } | undefined;
  return {
    ok: true,
    value: { body: upstream, usage: usageOf(parsed) ?? {}, responseModel: typeof parsed?.model === 'string' ? parsed.model : undefined, text: '' },
  };
}

function streamEvent(event: FrameEvent): StreamStep {
  const usage = usageOf(parse(event.data));
  return usage !== undefined ? { frame: undefined, text: '', usage } : { frame: undefined, text: '' };
}

export function preserveTranslator(framing: Framing): Translator {
  return {
    name: 'preserve',
    passthrough: true,
    framing,
    requestBody: (_body, raw) => ({ ok: true, value: raw }),
    responseBody,
    streamEvent,
    streamTerminator: undefined,
    streamError: () => undefined,
  };
}
