// OpenAI-format clients → Hugging Face (Kong's huggingface driver, reference sections 4.2–4.4).
// Request: model.options win over the client's sampling fields, parameters go into
// `parameters` (max_tokens → max_length for chat, max_new_tokens for completions), completions'
// `prompt` becomes `inputs`, `options` {use_cache, wait_for_model} is always set, `model` is the
// configured name. Response: Kong's reduced OpenAI shape. Stream: one `data: <json>\n\n` per
// upstream event, non-JSON events (TGI's [DONE]) dropped, `data: [DONE]\n\n` at the end; a
// stream the upstream cuts ends with an error event instead. Beyond Kong 3.10 (as EE 3.13): a
// chat chunk keeps the upstream's non-null finish_reason, so the stream's last chunk has one.
import type { KongChatResponse } from '../../wire/openai.js';
import type { GenerateParameters, KongHfRequest, StreamResponse } from '../../wire/tgi.js';
import type { ModelSettings, ResponseTranslation, RouteType, StreamStep, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { mergeSampling, SAMPLING } from '../options.js';
import { openAiStreamError } from '../stream-error.js';

function requestBody(body: Record<string, unknown>, _raw: Buffer, routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  const out: Record<string, unknown> = { ...body };
  const opts = model.options;
  mergeSampling(out, opts);
  const parameters: GenerateParameters =
    typeof out.parameters === 'object' && out.parameters !== null ? { ...(out.parameters as GenerateParameters) } : {};
  if (parameters.top_k == null && out.top_k != null) parameters.top_k = out.top_k as number;
  if (parameters.top_p == null && out.top_p != null) parameters.top_p = out.top_p as number;
  if (parameters.temperature == null && out.temperature != null) parameters.temperature = out.temperature as number;
  if (out.max_tokens != null) {
    if (out.messages !== undefined) parameters.max_length = out.max_tokens as number;
    else parameters.max_new_tokens = out.max_tokens as number;
  }
  for (const key of SAMPLING) delete out[key];
  if (routeType === 'llm/v1/completions') {
    out.inputs = out.prompt;
    delete out.prompt;
  }
  const request: KongHfRequest = {
    ...out,
    parameters,
    options: { use_cache: opts?.huggingface?.use_cache ?? false, wait_for_model: opts?.huggingface?.wait_for_model ?? false },
  };
  const name = model.name ?? (typeof body.model === 'string' ? body.model : undefined);
  if (name !== undefined) request.model = name;
  return { ok: true, value: Buffer.from(JSON.stringify(request)) };
}

type Body = Record<string, unknown> & { choices?: { message?: { content?: string | null } }[]; usage?: Record<string, number> };

function responseBody(upstream: Buffer, routeType: RouteType, model: ModelSettings): Translated<ResponseTranslation> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(upstream.toString('utf8'));
  } catch {
    return { ok: false, message: 'Failed to decode response' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, message: 'Invalid response format' };
  const body = parsed as Body;
  const apiError = (body as { error?: unknown }).error ?? (body as { message?: unknown }).message;
  if (!Array.isArray(parsed) && apiError !== undefined && apiError !== null) {
    return { ok: false, message: `API error: ${typeof apiError === 'string' ? apiError : JSON.stringify(apiError)}` };
  }
  const name = model.name ?? (typeof body.model === 'string' ? body.model : '');
  const out: KongChatResponse = {
    model: name,
    object: typeof body.object === 'string' ? body.object : routeType,
    choices: [],
    usage: (body.usage as KongChatResponse['usage'] | undefined) ?? {},
  };
  const first = Array.isArray(parsed) ? (parsed[0] as { generated_text?: unknown } | undefined) : undefined;
  if (first && typeof first.generated_text === 'string') {
    out.choices.push({ message: { content: first.generated_text }, index: 0, finish_reason: 'complete' });
  } else if (Array.isArray(body.choices)) {
    body.choices.forEach((c, i) => out.choices.push({ message: { content: c?.message?.content ?? '' }, index: i, finish_reason: 'complete' }));
  } else {
    return { ok: false, message: 'Invalid response format' };
  }
  const text = out.choices.map((c) => c.message.content).join('');
  const json = out as unknown as Record<string, unknown>;
  return {
    ok: true,
    value: {
      json,
      get body() {
        return JSON.stringify(json);
      },
      usage: { ...(out.usage.prompt_tokens !== undefined ? { prompt_tokens: out.usage.prompt_tokens } : {}), ...(out.usage.completion_tokens !== undefined ? { completion_tokens: out.usage.completion_tokens } : {}) },
      responseModel: typeof body.model === 'string' ? body.model : name,
      text,
    },
  };
}

type HfChunk = Partial<StreamResponse> & {
  model?: string;
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  error?: unknown;
  error_type?: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
};

// One converter per route type (a table, not an if-chain).
const streamConverters: Record<string, (e: HfChunk, model: ModelSettings) => { chunk: Record<string, unknown>; text: string }> = {
  'llm/v1/chat': (e, model) => {
    const text = e.choices?.[0]?.delta?.content ?? '';
    const finish = e.choices?.[0]?.finish_reason;
    const choice = finish != null ? { delta: { content: text, role: 'assistant' }, index: 0, finish_reason: finish } : { delta: { content: text, role: 'assistant' }, index: 0 };
    return {
      chunk: { choices: [choice], model: e.model ?? model.name, object: 'chat.completion.chunk' },
      text,
    };
  },
  'llm/v1/completions': (e, model) => {
    const text = e.token?.text ?? '';
    return { chunk: { choices: [{ text, index: 0 }], model: model.name, object: 'text_completion' }, text };
  },
};

function streamEvent(event: FrameEvent, routeType: RouteType, model: ModelSettings): StreamStep {
  let data: HfChunk;
  try {
    data = JSON.parse(event.data) as HfChunk;
  } catch {
    return { frame: undefined, text: '' }; // e.g. TGI's own [DONE]: not JSON, dropped as Kong does
  }
  if (typeof data !== 'object' || data === null) return { frame: undefined, text: '' };
  if (data.error !== undefined) {
    // A TGI error event mid-stream: relayed in OpenAI's error shape so SDKs raise it.
    const message = typeof data.error === 'string' ? data.error : JSON.stringify(data.error);
    // It is the stream's last frame (failed): no finish chunk or [DONE] after it, as for every driver.
    return { frame: `data: ${JSON.stringify({ error: { message, type: data.error_type ?? 'upstream_error' } })}\n\n`, text: '', failed: true };
  }
  const convert = streamConverters[routeType];
  if (convert === undefined) return { frame: undefined, text: '' };
  const { chunk, text } = convert(data, model);
  const usage =
    data.details != null
      ? { completion_tokens: data.details.generated_tokens, prompt_tokens: data.details.input_length }
      : data.usage != null
        ? { ...data.usage }
        : undefined;
  return {
    chunk,
    // built only when read: the proxy's OpenAI stream writer frames `chunk` itself
    get frame() {
      return `data: ${JSON.stringify(chunk)}\n\n`;
    },
    finished: (chunk.choices as { finish_reason?: unknown }[])[0]?.finish_reason !== undefined,
    text,
    ...(usage !== undefined ? { usage } : {}),
    ...(typeof data.model === 'string' ? { responseModel: data.model } : {}),
  };
}

export const openAiToHuggingFace: Translator = {
  name: 'openai-to-huggingface',
  passthrough: false,
  framing: 'sse',
  requestBody,
  responseBody,
  streamEvent,
  streamTerminator: 'data: [DONE]\n\n',
  // a stream the upstream cuts ends with an OpenAI error event naming the cause, never [DONE]
  streamError: openAiStreamError,
};
