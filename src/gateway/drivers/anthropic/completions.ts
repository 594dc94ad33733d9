// OpenAI completions → Anthropic's legacy Text Completions API, `/v1/complete` (Kong's anthropic.lua
// `llm/v1/completions`): the prompt as `\n\nHuman: <prompt>\n\nAssistant:` (Kong omits the leading
// blank line the API asks for), `max_tokens_to_sample` (default 4096), temperature, top_p, top_k,
// stop → stop_sequences; the answer's `completion` → a text_completion (no usage: the API has
// none). Kong 3.10 has no stream translation here (the client gets an empty stream); we
// translate `event: completion` frames into text_completion chunks.
import type { ModelSettings, ResponseTranslation, RouteType, Translated, Translator } from '../driver.js';
import { mergeSampling } from '../options.js';
import { openAiStreamError } from '../stream-error.js';
import { DEFAULT_MAX_TOKENS } from './openai-format.js';
import { finishReason } from './stop-reason.js';
import { completionStreamEvent } from './stream.js';

type Obj = Record<string, unknown>;

function requestBody(body: Obj, _raw: Buffer, _routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  const b: Obj = { ...body };
  mergeSampling(b, model.options);
  if (typeof b.prompt !== 'string') return { ok: false, message: 'request is missing .prompt command' };
  const out: Obj = {
    model: model.name ?? b.model,
    prompt: `\n\nHuman: ${b.prompt}\n\nAssistant:`,
    max_tokens_to_sample: typeof b.max_tokens === 'number' ? b.max_tokens : DEFAULT_MAX_TOKENS,
    stream: b.stream === true,
  };
  if (typeof b.temperature === 'number') out.temperature = b.temperature;
  if (typeof b.top_p === 'number') out.top_p = b.top_p;
  if (typeof b.top_k === 'number') out.top_k = b.top_k;
  if (typeof b.stop === 'string') out.stop_sequences = [b.stop];
  else if (Array.isArray(b.stop)) out.stop_sequences = b.stop;
  return { ok: true, value: Buffer.from(JSON.stringify(out)) };
}

function responseBody(upstream: Buffer): Translated<ResponseTranslation> {
  let r: { id?: unknown; completion?: unknown; stop_reason?: unknown; model?: unknown };
  try {
    r = JSON.parse(upstream.toString('utf8')) as typeof r;
  } catch {
    return { ok: false, message: 'failed to decode anthropic response' };
  }
  if (typeof r !== 'object' || r === null || typeof r.completion !== 'string') return { ok: false, message: "'completion' not in anthropic://llm/v1/completions response" };
  const json: Obj = {
    object: 'text_completion',
    ...(typeof r.model === 'string' ? { model: r.model } : {}),
    choices: [{ index: 0, text: r.completion, logprobs: null, finish_reason: finishReason(r.stop_reason) }],
  };
  let body: string | undefined;
  return { ok: true, value: { get body() { return (body ??= JSON.stringify(json)); }, json, usage: {}, responseModel: typeof r.model === 'string' ? r.model : undefined, text: r.completion } };
}

export const openAiToAnthropicCompletions: Translator = {
  name: 'openai-to-anthropic-completions',
  passthrough: false,
  framing: 'sse',
  requestBody,
  responseBody: (upstream) => responseBody(upstream),
  streamEvent: completionStreamEvent,
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
