// Native Gemini clients (`llm_format: gemini`, Kong 3.10's gemini adapter; reference
// llm-providers 3): the client speaks Gemini's own API — POST …/models/{model}:generateContent
// or :streamGenerateContent after the route's strip_path — the model and the stream come from
// the path, the body goes upstream byte for byte to the URL the driver builds from the
// configuration (the client's query string kept, so the SDK's `alt=sse` survives), and the
// answer comes back byte for byte. The translator only reads usage (`usageMetadata`, cumulative
// in streams: SSE with the SDK's alt=sse, else Gemini's JSON array) and the model version.
import type { OperationCheck, ResponseTranslation, StreamStep, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { NO_PROMPTS } from '../messages.js';
import { geminiText, geminiUsage, type GeminiAnswer } from './openai-format.js';

export const GENERATE = 'generateContent';
export const STREAM_GENERATE = 'streamGenerateContent';

const PATH = /\/models\/([^:/]+):([^/]+)$/;

function operation(method: string, strippedPath: string): OperationCheck {
  const m = PATH.exec(strippedPath);
  if (m === null || (m[2] !== GENERATE && m[2] !== STREAM_GENERATE)) {
    // Kong 3.10's gemini adapter knows these two only (embedContent, countTokens… came later)
    return {
      ok: false,
      status: 400,
      message: `${strippedPath} is not a supported Gemini native API: llm_format 'gemini' takes generateContent and streamGenerateContent only, as Kong 3.10 (use …/models/{model}:generateContent or …/models/{model}:streamGenerateContent)`,
    };
  }
  if (method !== 'POST') return { ok: false, status: 405, message: `${method} is not supported for ${strippedPath}; Gemini native APIs take POST`, headers: { allow: 'POST' } };
  let model = m[1]!;
  try {
    model = decodeURIComponent(model);
  } catch {
    // kept as sent
  }
  return { ok: true, operation: m[2], stream: m[2] === STREAM_GENERATE, model };
}

function parse(text: string): GeminiAnswer | undefined {
  if (text.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as GeminiAnswer) : undefined;
  } catch {
    return undefined;
  }
}

function responseBody(upstream: Buffer): Translated<ResponseTranslation> {
  const a = parse(upstream.toString('utf8'));
  return {
    ok: true,
    value: { body: upstream, usage: (a && geminiUsage(a)) ?? {}, responseModel: typeof a?.modelVersion === 'string' ? a.modelVersion : undefined, text: a ? geminiText(a) : '' },
  };
}

function streamEvent(event: FrameEvent): StreamStep {
  const a = parse(event.data);
  if (a === undefined) return { frame: undefined, text: '' };
  const usage = geminiUsage(a);
  return {
    frame: undefined,
    text: geminiText(a),
    ...(usage !== undefined ? { usage } : {}),
    ...(typeof a.modelVersion === 'string' ? { responseModel: a.modelVersion } : {}),
  };
}

export const geminiToGemini: Translator = {
  name: 'gemini-to-gemini',
  passthrough: true,
  framing: 'json-array-or-sse',
  operation,
  nativeRequest: (body) => (Array.isArray(body.contents) && body.contents.length > 0 ? { ok: true } : { ok: false, message: NO_PROMPTS }),
  requestBody: (_body, raw) => ({ ok: true, value: raw }),
  responseBody,
  streamEvent,
  streamTerminator: undefined,
  streamError: () => undefined,
};
