// OpenAI-format clients → Gemini's generateContent (Kong's gemini.lua; reference llm-providers
// 2.7). Request: system messages concatenated into `systemInstruction`, the others become
// `contents` (assistant → role "model"; string content → one text part; `text` and `image_url`
// parts — a data: URL becomes inlineData, any other URL fileData), `generationConfig` from
// max_tokens / stop / temperature / top_k / top_p after Kong's config-wins merge, tools as
// `function_declarations`, `tool_config` passed. Model and stream are not in the body: they are
// in the URL (index.ts). Response: the candidate's text (every text part) or function calls,
// usage from `usageMetadata`. Stream (Gemini's JSON array, or SSE when the call asked for
// alt=sse): one OpenAI chunk per element, the cumulative usageMetadata read as it comes (last
// value wins, as Kong sets it).
// Beyond Kong 3.10, so that OpenAI clients and their helpers work: finish reasons are mapped to
// OpenAI's (STOP → stop, MAX_TOKENS → length, the safety family → content_filter, a function
// call → tool_calls; Kong sends `max_tokens`/`STOP` verbatim), tool calls carry `id` and `type`,
// an assistant's tool call keeps its arguments (`functionCall` with `args`) and a tool result is
// a `functionResponse` named after the call it answers (Kong drops the arguments and names every
// result "get_product_info").
import type { ModelSettings, ResponseTranslation, RouteType, StreamStep, TokenUsage, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { mergeSampling } from '../options.js';
import { openAiStreamError } from '../stream-error.js';

type Part = Record<string, unknown>;
interface OpenAiMessage {
  role?: unknown;
  content?: unknown;
  tool_calls?: { id?: unknown; function?: { name?: unknown; arguments?: unknown } }[];
  tool_call_id?: unknown;
}

function imagePart(url: string): Translated<Part> {
  if (url.length < 10) return { ok: false, message: 'image URL is less than 10 bytes, which is not parsable' };
  const m = /^data:([^;,]+);([^,]+),(.*)$/s.exec(url);
  if (m) return { ok: true, value: { inlineData: { data: m[3], mimeType: m[1] } } };
  return { ok: true, value: { fileData: { fileUri: url, mimeType: 'image/generic' } } };
}

function toParts(content: unknown, position: number): Translated<Part[]> {
  if (typeof content === 'string') return { ok: true, value: [{ text: content }] };
  if (!Array.isArray(content) || content.length === 0) return { ok: false, message: `message at position ${position} does not match expected array format` };
  const parts: Part[] = [];
  for (const p of content as { type?: unknown; text?: unknown; image_url?: { url?: unknown } }[]) {
    if (p?.type === 'text' && typeof p.text === 'string') parts.push({ text: p.text });
    else if (p?.type === 'image_url' && typeof p.image_url?.url === 'string') {
      const image = imagePart(p.image_url.url);
      if (!image.ok) return image;
      parts.push(image.value);
    } else return { ok: false, message: `cannot transform part of type '${String(p?.type)}' to Gemini format` };
  }
  return { ok: true, value: parts };
}

function parseArgs(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? {};
  try {
    return JSON.parse(raw);
  } catch {
    return {};
  }
}

/** The Gemini request for an OpenAI chat body (exported for the fixtures). */
export function toGemini(body: Record<string, unknown>, model: ModelSettings): Translated<Record<string, unknown>> {
  const merged: Record<string, unknown> = { ...body };
  mergeSampling(merged, model.options);
  const messages = Array.isArray(merged.messages) ? (merged.messages as OpenAiMessage[]) : [];
  const contents: Record<string, unknown>[] = [];
  const callNames = new Map<string, string>();
  let system: string | null = null;
  for (const [i, m] of messages.entries()) {
    if (m === null || typeof m !== 'object') return { ok: false, message: `message at position ${i + 1} is not an object` };
    if (m.role === 'system') {
      system = (system ?? '') + (typeof m.content === 'string' ? m.content : '');
    } else if (m.role === 'tool') {
      const id = typeof m.tool_call_id === 'string' ? m.tool_call_id : '';
      contents.push({ role: 'user', parts: [{ functionResponse: { name: callNames.get(id) ?? id, response: { content: m.content } } }] });
    } else if (m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
      const parts = m.tool_calls.map((c) => {
        const name = typeof c?.function?.name === 'string' ? c.function.name : '';
        if (typeof c?.id === 'string') callNames.set(c.id, name);
        return { functionCall: { name, args: parseArgs(c?.function?.arguments) } };
      });
      contents.push({ role: 'model', parts });
    } else {
      const parts = toParts(m.content, i + 1);
      if (!parts.ok) return parts;
      contents.push({ role: m.role === 'assistant' ? 'model' : 'user', parts: parts.value });
    }
  }
  const out: Record<string, unknown> = { contents };
  if (system !== null) {
    if ((model.name ?? '').startsWith('gemini-1.0')) return { ok: false, message: "system prompts aren't supported on gemini-1.0 models" };
    out.systemInstruction = { parts: [{ text: system }] };
  }
  const config: Record<string, unknown> = {};
  if (merged.max_tokens != null) config.maxOutputTokens = merged.max_tokens;
  if (merged.stop != null) config.stopSequences = typeof merged.stop === 'string' ? [merged.stop] : merged.stop;
  if (merged.temperature != null) config.temperature = merged.temperature;
  if (merged.top_k != null) config.topK = merged.top_k;
  if (merged.top_p != null) config.topP = merged.top_p;
  out.generationConfig = config;
  if (Array.isArray(merged.tools)) {
    const declarations = (merged.tools as { function?: unknown }[]).map((t) => t?.function).filter((f) => f != null);
    if (declarations.length > 0) out.tools = [{ function_declarations: declarations }];
  }
  if (merged.tool_config !== undefined) out.tool_config = merged.tool_config;
  return { ok: true, value: out };
}

function requestBody(body: Record<string, unknown>, _raw: Buffer, routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  const r = toGemini(body, model);
  // Kong's gemini driver gives its reason: `error transforming to gemini://llm/v1/chat: <reason>`
  return r.ok ? { ok: true, value: Buffer.from(JSON.stringify(r.value)) } : { ok: false, message: `error transforming to gemini://${routeType}: ${r.message}` };
}

export interface GeminiAnswer {
  candidates?: { content?: { parts?: Part[] }; finishReason?: unknown }[];
  usageMetadata?: { promptTokenCount?: unknown; candidatesTokenCount?: unknown; totalTokenCount?: unknown };
  modelVersion?: unknown;
  error?: { code?: unknown; message?: unknown; status?: unknown };
}

export function geminiUsage(a: GeminiAnswer): TokenUsage | undefined {
  const m = a.usageMetadata;
  if (m == null || typeof m !== 'object') return undefined;
  const u: TokenUsage = {};
  if (typeof m.promptTokenCount === 'number') u.prompt_tokens = m.promptTokenCount;
  if (typeof m.candidatesTokenCount === 'number') u.completion_tokens = m.candidatesTokenCount;
  return u;
}

/** The text of the first candidate (every text part). */
export function geminiText(a: GeminiAnswer): string {
  const parts = a.candidates?.[0]?.content?.parts;
  if (!Array.isArray(parts)) return '';
  let text = '';
  for (const p of parts) if (typeof p?.text === 'string') text += p.text;
  return text;
}

const CONTENT_FILTER = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/** Gemini's finishReason → OpenAI's. */
export function openAiFinish(reason: unknown, toolCalls: boolean): string | null {
  if (typeof reason !== 'string' || reason === '' || reason === 'FINISH_REASON_UNSPECIFIED') return toolCalls ? 'tool_calls' : null;
  if (toolCalls) return 'tool_calls';
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (CONTENT_FILTER.has(reason)) return 'content_filter';
  return reason.toLowerCase();
}

function toolCalls(parts: Part[] | undefined, stream: boolean): Record<string, unknown>[] {
  if (!Array.isArray(parts)) return [];
  const calls: Record<string, unknown>[] = [];
  for (const p of parts) {
    const fc = p?.functionCall as { name?: unknown; args?: unknown } | undefined;
    if (fc == null || typeof fc !== 'object') continue;
    const i = calls.length;
    calls.push({ ...(stream ? { index: i } : {}), id: `call_${i}_${String(fc.name)}`, type: 'function', function: { name: fc.name, arguments: JSON.stringify(fc.args ?? {}) } });
  }
  return calls;
}

function parse(text: string): GeminiAnswer | undefined {
  if (text.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as GeminiAnswer) : undefined;
  } catch {
    return undefined;
  }
}

function responseBody(upstream: Buffer, _routeType: RouteType, model: ModelSettings): Translated<ResponseTranslation> {
  const a = parse(upstream.toString('utf8'));
  if (a === undefined) return { ok: false, message: 'failed to decode response from Gemini' };
  if (!Array.isArray(a.candidates) || a.candidates.length === 0 || a.candidates[0] == null) {
    return { ok: false, message: 'no generation candidates received from Gemini, or max_tokens too short' };
  }
  const candidate = a.candidates[0];
  const calls = toolCalls(candidate.content?.parts, false);
  const text = geminiText(a);
  const message: Record<string, unknown> = { role: 'assistant', content: calls.length > 0 && text === '' ? null : text };
  if (calls.length > 0) message.tool_calls = calls;
  const usage = geminiUsage(a) ?? {};
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const json: Record<string, unknown> = {
    object: 'chat.completion',
    model: model.name ?? undefined,
    choices: [{ index: 0, message, finish_reason: openAiFinish(candidate.finishReason, calls.length > 0) ?? 'stop' }],
    ...(a.usageMetadata != null ? { usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: typeof a.usageMetadata.totalTokenCount === 'number' ? a.usageMetadata.totalTokenCount : prompt + completion } } : {}),
  };
  return {
    ok: true,
    value: {
      json,
      get body() {
        return JSON.stringify(json);
      },
      usage,
      responseModel: typeof a.modelVersion === 'string' ? a.modelVersion : undefined,
      text,
    },
  };
}

/** Gemini's in-stream error element, in OpenAI's shape (the SDKs raise on it). */
export function geminiStreamError(a: GeminiAnswer): string {
  const message = typeof a.error?.message === 'string' ? a.error.message : JSON.stringify(a.error);
  const type = typeof a.error?.status === 'string' ? a.error.status : 'upstream_error';
  return `data: ${JSON.stringify({ error: { message, type, code: a.error?.code ?? null } })}\n\n`;
}

function streamEvent(event: FrameEvent): StreamStep {
  const a = parse(event.data);
  if (a === undefined) return { frame: undefined, text: '' };
  if (a.error != null) return { frame: geminiStreamError(a), text: '', finished: true, failed: true }; // the last thing the client gets
  const usage = geminiUsage(a);
  const candidate = Array.isArray(a.candidates) ? a.candidates[0] : undefined;
  const base = { ...(usage !== undefined ? { usage } : {}), ...(typeof a.modelVersion === 'string' ? { responseModel: a.modelVersion } : {}) };
  if (candidate == null || typeof candidate !== 'object') return { frame: undefined, text: '', ...base };
  const calls = toolCalls(candidate.content?.parts, true);
  const text = geminiText(a);
  const finish = openAiFinish(candidate.finishReason, calls.length > 0);
  if (calls.length === 0 && text === '' && finish === null) return { frame: undefined, text: '', ...base };
  const delta: Record<string, unknown> = calls.length > 0 ? { role: 'assistant', content: null, tool_calls: calls } : text !== '' ? { role: 'assistant', content: text } : {};
  return { frame: undefined, chunk: { choices: [{ index: 0, delta, finish_reason: finish }] }, text, finished: finish !== null, ...base };
}

export const openAiToGemini: Translator = {
  name: 'openai-to-gemini',
  passthrough: false,
  framing: 'json-array-or-sse',
  requestBody,
  responseBody,
  streamEvent,
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
