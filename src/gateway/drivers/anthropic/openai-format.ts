// OpenAI-format clients → Anthropic's Messages API (Kong's anthropic.lua `llm/v1/chat`; reference
// llm-providers 2.3). Request: system messages → top-level `system` (the last one, as Kong),
// assistant tool_calls → tool_use blocks, tool messages → user tool_result blocks, tools →
// {name, description, input_schema}, tool_choice mapped; model.options merged (config wins);
// `max_tokens` (required by Anthropic) defaults to 4096 when neither side sets it. Beyond Kong
// 3.10 (which drops them): top_p, top_k and stop (→ stop_sequences) are sent. Response: text
// blocks joined by "\n", tool_use → tool_calls, stop_reason mapped to OpenAI's finish_reason,
// usage from input/output tokens. Stream: event by event (stream.ts).
import type { ModelSettings, ResponseTranslation, RouteType, Translated, Translator } from '../driver.js';
import { mergeSampling } from '../options.js';
import { openAiStreamError } from '../stream-error.js';
import { finishReason } from './stop-reason.js';
import { AnthropicChatStream, chatStreamEvent } from './stream.js';

/** Anthropic requires max_tokens; OpenAI clients usually send none. */
export const DEFAULT_MAX_TOKENS = 4096;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function toolUse(call: unknown): Obj | null {
  if (!isObj(call) || !isObj(call.function)) return null;
  const fn = call.function;
  let input: unknown = {};
  if (typeof fn.arguments === 'string' && fn.arguments.trim() !== '') input = JSON.parse(fn.arguments) as unknown; // throws: Kong's "error transforming"
  else if (isObj(fn.arguments)) input = fn.arguments;
  return { type: 'tool_use', id: call.id, name: fn.name, input };
}

function messagesOf(list: unknown[]): { messages: Obj[]; system: unknown } {
  const messages: Obj[] = [];
  let system: unknown;
  for (const m of list) {
    if (!isObj(m)) throw new Error('a message is not an object');
    const role = m.role;
    if (role !== 'user' && role !== 'assistant' && role !== 'tool') {
      system = m.content; // Kong: the last non-user/assistant/tool message is the system prompt
    } else if (role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
      messages.push({ role: 'assistant', content: m.tool_calls.map(toolUse).filter((b) => b !== null) });
    } else if (role === 'tool') {
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: m.tool_call_id, content: m.content }] });
    } else {
      messages.push({ role, content: m.content });
    }
  }
  return { messages, system };
}

function toolsOf(tools: unknown): Obj[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  const out: Obj[] = [];
  for (const t of tools) {
    if (!isObj(t) || !isObj(t.function)) continue;
    const fn = t.function;
    out.push({ name: fn.name, ...(fn.description !== undefined ? { description: fn.description } : {}), input_schema: fn.parameters ?? { type: 'object', properties: {} } });
  }
  return out;
}

function toolChoiceOf(choice: unknown): Obj | undefined {
  if (choice === 'required') return { type: 'any' };
  if (choice === 'auto' || choice === 'none') return { type: choice };
  if (isObj(choice) && choice.type === 'function' && isObj(choice.function) && typeof choice.function.name === 'string') return { type: 'tool', name: choice.function.name };
  return undefined;
}

function stopSequences(stop: unknown): string[] | undefined {
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) return stop as string[];
  return undefined;
}

function requestBody(body: Obj, _raw: Buffer, _routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  const b: Obj = { ...body };
  mergeSampling(b, model.options);
  if (!Array.isArray(b.messages)) return { ok: false, message: 'request is missing .messages command' };
  let converted: { messages: Obj[]; system: unknown };
  try {
    converted = messagesOf(b.messages);
  } catch (err) {
    return { ok: false, message: String((err as Error).message) };
  }
  const out: Obj = {
    model: model.name ?? b.model,
    messages: converted.messages,
    ...(converted.system !== undefined ? { system: converted.system } : {}),
    max_tokens: typeof b.max_tokens === 'number' ? b.max_tokens : typeof b.max_completion_tokens === 'number' ? b.max_completion_tokens : DEFAULT_MAX_TOKENS,
    stream: b.stream === true,
  };
  if (typeof b.temperature === 'number') out.temperature = b.temperature;
  if (typeof b.top_p === 'number') out.top_p = b.top_p;
  if (typeof b.top_k === 'number') out.top_k = b.top_k;
  const stop = stopSequences(b.stop);
  if (stop !== undefined) out.stop_sequences = stop;
  const tools = toolsOf(b.tools);
  if (tools !== undefined && tools.length > 0) out.tools = tools;
  const choice = toolChoiceOf(b.tool_choice);
  if (choice !== undefined && tools !== undefined && tools.length > 0) out.tool_choice = choice;
  return { ok: true, value: Buffer.from(JSON.stringify(out)) };
}

interface Message {
  id?: unknown;
  model?: unknown;
  content?: unknown;
  stop_reason?: unknown;
  usage?: { input_tokens?: unknown; output_tokens?: unknown } | null;
}

function responseBody(upstream: Buffer): Translated<ResponseTranslation> {
  let r: Message;
  try {
    r = JSON.parse(upstream.toString('utf8')) as Message;
  } catch {
    return { ok: false, message: 'failed to decode anthropic response' };
  }
  if (!isObj(r) || !Array.isArray(r.content)) return { ok: false, message: "'content' not in anthropic://llm/v1/chat response" };
  const texts: string[] = [];
  const calls: Obj[] = [];
  for (const block of r.content as unknown[]) {
    if (!isObj(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'tool_use') calls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
  }
  const text = texts.join('\n');
  const usage: { prompt_tokens?: number; completion_tokens?: number } = {};
  const u = (r as Message).usage;
  if (typeof u?.input_tokens === 'number') usage.prompt_tokens = u.input_tokens;
  if (typeof u?.output_tokens === 'number') usage.completion_tokens = u.output_tokens;
  const message: Obj = { role: 'assistant', content: texts.length === 0 && calls.length > 0 ? null : text };
  if (calls.length > 0) message.tool_calls = calls;
  const json: Obj = {
    object: 'chat.completion',
    ...(typeof r.model === 'string' ? { model: r.model } : {}),
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(r.stop_reason) }],
  };
  if (usage.prompt_tokens !== undefined && usage.completion_tokens !== undefined) {
    json.usage = { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens, total_tokens: usage.prompt_tokens + usage.completion_tokens };
  }
  const responseModel = typeof r.model === 'string' ? r.model : undefined;
  let body: string | undefined;
  return { ok: true, value: { get body() { return (body ??= JSON.stringify(json)); }, json, usage, responseModel, text } };
}

export const openAiToAnthropic: Translator = {
  name: 'openai-to-anthropic',
  passthrough: false,
  framing: 'sse',
  requestBody,
  responseBody: (upstream) => responseBody(upstream),
  streamEvent: chatStreamEvent,
  startStream: () => new AnthropicChatStream(),
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
