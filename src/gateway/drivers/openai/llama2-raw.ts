// OpenAI-format clients → a raw Llama 2 endpoint (`llama2_format: raw`, Kong's llama2.lua).
// Request: `inputs` in Llama 2's [INST] prompt format — chat: the first message as <<SYS>>, the
// second as the first instruction, then later system messages as ` … </s>` and user messages as
// ` <s>[INST] … [/INST]` (assistant messages are dropped, as Kong does); completions: Kong's
// fixed system prompt around `prompt` — and `parameters` {max_new_tokens, top_p, top_k,
// temperature, stream}. Response: `{"data":[{"generated_text"}]}`, the text after the last
// [/INST], trimmed; `usage` copied. Kong has no stream transformer for raw: streams are refused.
import type { ModelSettings, ResponseTranslation, RouteType, StreamStep, Translated, Translator } from '../driver.js';
import { mergeSampling } from '../options.js';
import { openAiStreamError } from '../stream-error.js';

interface Message {
  readonly role?: unknown;
  readonly content?: unknown;
}

function instructions(messages: readonly Message[]): string {
  let out = '';
  messages.forEach((m, i) => {
    const content = String(m.content ?? '');
    if (i === 0) out += `<s>[INST] <<SYS>> ${content} <</SYS>>`;
    else if (i === 1) out += ` ${content} [/INST]`;
    else if (m.role === 'system') out += ` ${content} </s>`;
    else if (m.role === 'user') out += ` <s>[INST] ${content} [/INST]`;
  });
  return out;
}

function requestBody(body: Record<string, unknown>, _raw: Buffer, _routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  const merged: Record<string, unknown> = { ...body };
  mergeSampling(merged, model.options);
  const parameters: Record<string, unknown> = {};
  if (merged.max_tokens != null) parameters.max_new_tokens = merged.max_tokens;
  for (const key of ['top_p', 'top_k', 'temperature']) if (merged[key] != null) parameters[key] = merged[key];
  parameters.stream = merged.stream === true;
  const inputs = Array.isArray(merged.messages)
    ? instructions(merged.messages as Message[])
    : `<s> [INST] <<SYS>> You are a helpful assistant. <<SYS>> ${String(merged.prompt)} [/INST]`;
  return { ok: true, value: Buffer.from(JSON.stringify({ parameters, inputs })) };
}

function responseBody(upstream: Buffer, routeType: RouteType): Translated<ResponseTranslation> {
  let parsed: { data?: { generated_text?: unknown }[]; usage?: unknown };
  try {
    parsed = JSON.parse(upstream.toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, message: 'failed to decode llama2 response' };
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.data) || parsed.data.length > 1) {
    return { ok: false, message: 'cannot parse response from llama2 endpoint' };
  }
  const generated = parsed.data[0]?.generated_text;
  if (typeof generated !== 'string') return { ok: false, message: 'response data is empty from llama2 endpoint' };
  const parts = generated.split('[/INST]');
  const text = parts[parts.length - 1]!.trim();
  const chat = routeType === 'llm/v1/chat';
  const json: Record<string, unknown> = {
    choices: [chat ? { message: { content: text, role: 'assistant' }, index: 0, finish_reason: 'stop' } : { index: 0, text, finish_reason: 'stop' }],
    object: chat ? 'chat.completion' : 'text_completion',
  };
  const usage = parsed.usage as { prompt_tokens?: number; completion_tokens?: number } | undefined;
  if (usage !== undefined) json.usage = usage;
  return {
    ok: true,
    value: {
      json,
      get body() {
        return JSON.stringify(json);
      },
      usage: {
        ...(typeof usage?.prompt_tokens === 'number' ? { prompt_tokens: usage.prompt_tokens } : {}),
        ...(typeof usage?.completion_tokens === 'number' ? { completion_tokens: usage.completion_tokens } : {}),
      },
      responseModel: undefined,
      text,
    },
  };
}

/** Kong has no stream transformer for llama2 raw: nothing is converted. */
const streamEvent = (): StreamStep => ({ frame: undefined, text: '' });

export const openAiToLlama2Raw: Translator = {
  name: 'openai-to-llama2-raw',
  passthrough: false,
  framing: 'sse',
  streams: false,
  requestBody,
  responseBody,
  streamEvent,
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
