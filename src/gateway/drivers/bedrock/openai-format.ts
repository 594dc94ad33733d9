// OpenAI-format chat → Bedrock's Converse API (Kong's bedrock.lua; reference llm-providers 2.8).
// Request: system messages → `system: [{text}]` (refused for the models Kong lists as having no
// system prompt), user/assistant text → `content: [{text}]` (OpenAI text parts → `{text}`),
// assistant tool_calls → toolUse blocks, tool messages → user toolResult blocks (JSON content as
// `{json}`, other text as `{text}`), max_tokens/stop/temperature/top_p → inferenceConfig (top_k
// dropped), tools → toolConfig.tools, tool_choice → toolConfig.toolChoice, guardrailConfig and
// `bedrock.additionalModelRequestFields` passed on, `anthropic_version` added at the top (as Kong:
// options.anthropic_version or bedrock-2023-05-31), `performanceConfig.latency` from
// `model.options.bedrock.performance_config_latency`. No model or stream in the body: the URL
// says them. Response: text, toolUse → tool_calls, stopReason mapped, usage, trace.
import type { ModelSettings, ResponseTranslation, RouteType, Translated, Translator } from '../driver.js';
import { mergeSampling } from '../options.js';
import { openAiStreamError } from '../stream-error.js';
import { BedrockChatStream, chatStreamEvent } from './stream.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const STOP: Readonly<Record<string, string>> = { max_tokens: 'length', end_turn: 'stop', tool_use: 'tool_calls', guardrail_intervened: 'guardrail_intervened', content_filtered: 'content_filter' };

/** Bedrock's stopReason → OpenAI's finish_reason (Kong's map; content_filtered added). */
export function finishReason(stop: unknown): string {
  return typeof stop === 'string' ? (STOP[stop] ?? 'stop') : 'stop';
}

/** Kong's list of Bedrock models without system prompts (Lua patterns made regular expressions). */
const NO_SYSTEM = [/amazon.titan.*/, /cohere.command.*text.*/, /cohere.command.*light.*text.*/, /mistral.mistral.*7b.*instruct.*/, /mistral.mixtral.*8x7b.*instruct.*/];

class Refusal extends Error {}

function blocks(content: unknown): Obj[] {
  if (typeof content === 'string') return [{ text: content }];
  if (content === null || content === undefined) return [{ text: '' }];
  if (!Array.isArray(content)) throw new Refusal('message content must be a string or an array');
  // OpenAI text parts become Converse text blocks; Converse blocks pass as they are
  return content.map((p: unknown) => (isObj(p) && p.type === 'text' && typeof p.text === 'string' ? { text: p.text } : (p as Obj)));
}

function toolResult(m: Obj): Obj {
  let content: Obj;
  const raw = typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? null);
  try {
    const v = JSON.parse(raw) as unknown;
    content = isObj(v) || Array.isArray(v) ? { json: v } : { json: { result: v } };
  } catch {
    content = { text: raw }; // Kong refuses a tool result that is not JSON; Converse takes text
  }
  return { toolResult: { toolUseId: m.tool_call_id, content: [content], ...(typeof m.status === 'string' ? { status: m.status } : {}) } };
}

function toolUses(calls: unknown[]): Obj[] {
  return calls.filter(isObj).map((c) => {
    const fn = isObj(c.function) ? c.function : {};
    const args = typeof fn.arguments === 'string' && fn.arguments.trim() !== '' ? (JSON.parse(fn.arguments) as unknown) : isObj(fn.arguments) ? fn.arguments : {};
    return { toolUse: { toolUseId: c.id, name: fn.name, input: args } };
  });
}

function toolChoiceOf(choice: unknown): Obj | undefined {
  if (choice === 'required') return { any: {} };
  if (choice === 'auto') return { auto: {} };
  if (isObj(choice) && choice.type === 'function' && isObj(choice.function) && typeof choice.function.name === 'string') return { tool: { name: choice.function.name } };
  return undefined;
}

export function converseBody(body: Obj, model: ModelSettings): Obj {
  const b: Obj = { ...body };
  mergeSampling(b, model.options);
  const options = model.options;
  const out: Obj = { anthropic_version: typeof options?.anthropic_version === 'string' ? options.anthropic_version : 'bedrock-2023-05-31' };
  if (!Array.isArray(b.messages)) throw new Refusal('request is missing .messages');
  const system: Obj[] = [];
  const messages: Obj[] = [];
  for (const m of b.messages as unknown[]) {
    if (!isObj(m)) throw new Refusal('a message is not an object');
    if (m.role === 'system' || m.role === 'developer') system.push(...blocks(m.content)); // developer: OpenAI's newer name for system
    else if (m.role === 'tool') messages.push({ role: 'user', content: [toolResult(m)] });
    else if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) messages.push({ role: 'assistant', content: toolUses(m.tool_calls) });
    else messages.push({ role: m.role === 'assistant' ? 'assistant' : 'user', content: blocks(m.content) });
  }
  if (messages.length > 0) out.messages = messages;
  if (system.length > 0) {
    const name = model.name ?? '';
    if (NO_SYSTEM.some((p) => p.test(name))) throw new Refusal(`system prompts are unsupported for model '${name}`);
    out.system = system;
  }
  const inference: Obj = {};
  if (typeof b.max_tokens === 'number') inference.maxTokens = b.max_tokens;
  else if (typeof b.max_completion_tokens === 'number') inference.maxTokens = b.max_completion_tokens; // OpenAI's newer name
  if (typeof b.stop === 'string') inference.stopSequences = [b.stop];
  else if (Array.isArray(b.stop)) inference.stopSequences = b.stop;
  if (typeof b.temperature === 'number') inference.temperature = b.temperature;
  if (typeof b.top_p === 'number') inference.topP = b.top_p;
  if (Object.keys(inference).length > 0) out.inferenceConfig = inference;
  if (b.guardrailConfig !== undefined) out.guardrailConfig = b.guardrailConfig;
  const tools = Array.isArray(b.tools)
    ? (b.tools as unknown[]).filter((t): t is Obj => isObj(t) && isObj(t.function)).map((t) => {
        const fn = t.function as Obj;
        return { toolSpec: { name: fn.name, ...(fn.description !== undefined ? { description: fn.description } : {}), inputSchema: { json: fn.parameters ?? { type: 'object', properties: {} } } } };
      })
    : [];
  const legacy = isObj(b.bedrock) ? b.bedrock : {};
  if (tools.length > 0 && b.tool_choice !== 'none') {
    const choice = toolChoiceOf(b.tool_choice);
    out.toolConfig = { tools, ...(choice !== undefined ? { toolChoice: choice } : {}) };
  } else if (isObj(legacy.toolConfig)) out.toolConfig = legacy.toolConfig;
  if (isObj(legacy.additionalModelRequestFields)) out.additionalModelRequestFields = legacy.additionalModelRequestFields;
  const latency = (options?.bedrock as { performance_config_latency?: unknown } | null | undefined)?.performance_config_latency;
  if (typeof latency === 'string' && latency !== '') out.performanceConfig = { latency };
  return out;
}

function requestBody(body: Obj, _raw: Buffer, _routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  try {
    return { ok: true, value: Buffer.from(JSON.stringify(converseBody(body, model))) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

interface Converse {
  output?: { message?: { content?: unknown } } | null;
  stopReason?: unknown;
  usage?: { inputTokens?: unknown; outputTokens?: unknown; totalTokens?: unknown } | null;
  trace?: unknown;
}

function responseBody(upstream: Buffer, model: ModelSettings): Translated<ResponseTranslation> {
  let r: Converse;
  try {
    r = JSON.parse(upstream.toString('utf8')) as Converse;
  } catch {
    return { ok: false, message: 'failed to decode response from Bedrock' };
  }
  const content = typeof r === 'object' && r !== null ? r.output?.message?.content : undefined;
  if (!Array.isArray(content) || content.length === 0) return { ok: false, message: 'no generation candidates received from Bedrock, or max_tokens too short' };
  const texts: string[] = [];
  const calls: Obj[] = [];
  for (const block of content as unknown[]) {
    if (!isObj(block)) continue;
    if (typeof block.text === 'string') texts.push(block.text);
    else if (isObj(block.toolUse)) {
      const t = block.toolUse;
      calls.push({ id: t.toolUseId, type: 'function', function: { name: t.name, arguments: JSON.stringify(t.input ?? {}) } });
    }
  }
  const text = texts.join('');
  const message: Obj = { role: 'assistant', content: texts.length === 0 ? null : text };
  if (calls.length > 0) message.tool_calls = calls;
  const usage: { prompt_tokens?: number; completion_tokens?: number } = {};
  if (typeof r.usage?.inputTokens === 'number') usage.prompt_tokens = r.usage.inputTokens;
  if (typeof r.usage?.outputTokens === 'number') usage.completion_tokens = r.usage.outputTokens;
  const json: Obj = {
    object: 'chat.completion',
    ...(model.name !== null ? { model: model.name } : {}),
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(r.stopReason) }],
  };
  if (usage.prompt_tokens !== undefined && usage.completion_tokens !== undefined) {
    const total = typeof r.usage?.totalTokens === 'number' ? r.usage.totalTokens : usage.prompt_tokens + usage.completion_tokens;
    json.usage = { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens, total_tokens: total };
  }
  if (r.trace !== undefined) json.trace = r.trace;
  let body: string | undefined;
  return { ok: true, value: { get body() { return (body ??= JSON.stringify(json)); }, json, usage, responseModel: undefined, text } };
}

export const openAiToBedrock: Translator = {
  name: 'openai-to-bedrock',
  passthrough: false,
  framing: 'aws-eventstream',
  requestBody,
  responseBody: (upstream, _routeType, model) => responseBody(upstream, model),
  streamEvent: chatStreamEvent,
  startStream: () => new BedrockChatStream(),
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
