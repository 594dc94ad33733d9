// Native Hugging Face clients → Hugging Face (`llm_format: huggingface`, reference 5.6): the
// body goes upstream byte for byte and the answer comes back byte for byte; the translator only
// reads usage — TGI's x-prompt-tokens / x-generated-tokens headers, `details.generated_tokens`
// of a /generate body, the final stream event's `details` — for statistics and metrics.
import type { GenerateResponse, StreamResponse } from '../../wire/tgi.js';
import type { FrameEvent } from '../framing.js';
import type { OperationCheck, ResponseTranslation, StreamStep, TokenUsage, Translated, Translator } from '../driver.js';
import { NO_PROMPTS, nativeMethod, notNative } from '../messages.js';

function headerInt(headers: Readonly<Record<string, string | string[] | undefined>> | undefined, name: string): number | undefined {
  const v = headers?.[name];
  if (typeof v !== 'string') return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

function responseBody(
  upstream: Buffer,
  _routeType: unknown,
  _model: unknown,
  headers?: Readonly<Record<string, string | string[] | undefined>>,
): Translated<ResponseTranslation> {
  const usage: TokenUsage = {};
  const prompt = headerInt(headers, 'x-prompt-tokens');
  const generated = headerInt(headers, 'x-generated-tokens');
  if (prompt !== undefined) usage.prompt_tokens = prompt;
  if (generated !== undefined) {
    usage.completion_tokens = generated;
    // The counts came in headers: the body is parsed only if `text` is read (log_payloads).
    // Parsing every answer was the gateway's largest own cost per request (node --cpu-prof).
    let text: string | undefined;
    return { ok: true, value: { body: upstream, usage, responseModel: undefined, get text() { return (text ??= parseGenerated(upstream).text); } } };
  }
  const parsed = parseGenerated(upstream);
  if (parsed.generatedTokens !== undefined) usage.completion_tokens = parsed.generatedTokens;
  return { ok: true, value: { body: upstream, usage, responseModel: undefined, text: parsed.text } };
}

function parseGenerated(upstream: Buffer): { text: string; generatedTokens?: number } {
  try {
    const parsed = JSON.parse(upstream.toString('utf8')) as GenerateResponse | GenerateResponse[];
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    const text = first && typeof first.generated_text === 'string' ? first.generated_text : '';
    const n = first?.details?.generated_tokens;
    return n !== undefined ? { text, generatedTokens: n } : { text };
  } catch {
    return { text: '' }; // Not JSON: still relayed unchanged; there is just nothing to count.
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The token text of a TGI stream event that carries no usage, read without JSON.parse (which was
 * most of the gateway's own work per relayed event in `node --cpu-prof`): TGI (serde) writes
 * `{"index":N,"token":{"id":N,"text":"…",…},…,"details":null}` in that order. Any other shape —
 * the final event with its details, another field order — gives undefined and is parsed whole.
 */
export function tokenTextOf(d: string): string | undefined {
  if (!d.startsWith('{"index":') || !d.endsWith(',"details":null}')) return undefined;
  let i = 9;
  while (isDigit(d.charCodeAt(i))) i++;
  if (!d.startsWith(',"token":{"id":', i)) return undefined;
  i += 15;
  while (isDigit(d.charCodeAt(i))) i++;
  if (!d.startsWith(',"text":"', i)) return undefined;
  const from = i + 9;
  const quote = d.indexOf('"', from);
  if (quote < 0) return undefined;
  const slash = d.indexOf('\\', from);
  if (slash < 0 || slash > quote) return d.slice(from, quote);
  // escapes: find the closing quote, and let JSON.parse read the string literal alone
  let end = from;
  for (; end < d.length; end++) {
    const c = d.charCodeAt(end);
    if (c === 92 /* \ */) end++;
    else if (c === 34 /* " */) break;
  }
  try {
    return JSON.parse(d.slice(from - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}

function streamEvent(event: FrameEvent): StreamStep {
  // The frame is not rebuilt: the proxy relays the upstream bytes themselves.
  if (event.data.charCodeAt(0) !== 123 /* { */) return { frame: undefined, text: '' };
  const quick = tokenTextOf(event.data);
  if (quick !== undefined) return { frame: undefined, text: quick };
  try {
    const e = JSON.parse(event.data) as Partial<StreamResponse>;
    const text = e.token?.text ?? '';
    if (e.details != null) {
      return { frame: undefined, text, usage: { prompt_tokens: e.details.input_length, completion_tokens: e.details.generated_tokens } };
    }
    return { frame: undefined, text };
  } catch {
    return { frame: undefined, text: '' };
  }
}

/** The native operation a stripped path names (…/generate or …/generate_stream), or null. */
export function nativeOperation(strippedPath: string): 'generate' | 'generate_stream' | null {
  const last = strippedPath.slice(strippedPath.lastIndexOf('/') + 1);
  return last === 'generate' || last === 'generate_stream' ? last : null;
}

// POST …/generate or …/generate_stream after the route's strip_path (reference 5.6 item 1).
function operation(method: string, strippedPath: string): OperationCheck {
  const last = nativeOperation(strippedPath);
  if (last === null) return { ok: false, status: 400, message: notNative(strippedPath) };
  if (method !== 'POST') return { ok: false, status: 405, message: nativeMethod(method, strippedPath), headers: { allow: 'POST' } };
  return { ok: true, operation: last, stream: last === 'generate_stream' };
}

export const huggingFaceToHuggingFace: Translator = {
  name: 'huggingface-to-huggingface',
  passthrough: true,
  framing: 'sse',
  operation,
  // TGI's native body names no model; the stream comes from the path
  nativeRequest: (body) => (typeof body.inputs !== 'string' ? { ok: false, message: NO_PROMPTS } : { ok: true }),
  requestBody: (_body, raw) => ({ ok: true, value: raw }),
  responseBody,
  streamEvent,
  streamTerminator: undefined,
  streamError: () => undefined, // bytes unchanged: a cut stream is only cut
};
