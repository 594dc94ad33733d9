// TGI's OpenAI-compatible chat: POST /v1/chat/completions, plain and streamed (chunks as
// `data:{json}` events, then `data:[DONE]`). The reply text is generated from the last
// message's content, the same way /generate does it from `inputs`.
import type { ServerResponse } from 'node:http';
import type { ChatCompletion, ChatCompletionChunk, ChatMessage } from '../../gateway/wire/openai.js';
import type { RecordedRequest } from './recorder.js';
import type { Rejection } from './validate.js';
import { GENERATION_ERROR, writeEventStream, type StreamCut } from './stream.js';
import { DEFAULT_MAX_NEW_TOKENS, generateTokens, wordsOf } from './text.js';

function contentText(m: ChatMessage | undefined): string {
  if (m === undefined || m.content == null) return '';
  if (typeof m.content === 'string') return m.content;
  return m.content.map((part) => part.text ?? '').join(' ');
}

export interface ChatPlan {
  readonly model: string;
  readonly stream: boolean;
  readonly tokens: readonly string[];
  readonly promptTokens: number;
}

export function planChat(body: unknown, modelId: string): ChatPlan | Rejection {
  const b = body as { messages?: unknown; max_tokens?: unknown; stream?: unknown; model?: unknown; parameters?: { max_length?: number; max_new_tokens?: number } };
  if (typeof body !== 'object' || body === null || !Array.isArray(b.messages)) {
    return { kind: 'text', status: 422, text: 'Failed to deserialize the JSON body into the target type: missing field `messages`' };
  }
  if (b.messages.length === 0) {
    return { kind: 'json', status: 422, body: { error: 'Template error: messages must not be empty', error_type: 'template_error' } };
  }
  const messages = b.messages as ChatMessage[];
  const last = contentText(messages[messages.length - 1]);
  const max =
    typeof b.max_tokens === 'number' ? b.max_tokens : (b.parameters?.max_new_tokens ?? b.parameters?.max_length ?? DEFAULT_MAX_NEW_TOKENS);
  const promptTokens = messages.reduce((n, m) => n + wordsOf(contentText(m)).length, 0);
  return {
    model: typeof b.model === 'string' && b.model !== 'tgi' ? b.model : modelId,
    stream: b.stream === true,
    tokens: generateTokens(last, max).map((t) => t.text),
    promptTokens,
  };
}

const CREATED = 1_730_000_000;

export function sendChat(res: ServerResponse, plan: ChatPlan): void {
  const content = plan.tokens.join('');
  const body: ChatCompletion = {
    object: 'chat.completion',
    id: '',
    created: CREATED,
    model: plan.model,
    system_fingerprint: '3.3.6-dev0-native',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'length' }],
    usage: { prompt_tokens: plan.promptTokens, completion_tokens: plan.tokens.length, total_tokens: plan.promptTokens + plan.tokens.length },
  };
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The chat stream's events; `errorAfter`: that many tokens, then TGI's error event instead of the rest. */
export function chatStreamEvents(plan: ChatPlan, errorAfter?: number): string[] {
  const events = plan.tokens.map((token, i) => {
    const chunk: ChatCompletionChunk = {
      object: 'chat.completion.chunk',
      id: '',
      created: CREATED,
      model: plan.model,
      choices: [{ index: 0, delta: { role: 'assistant', content: token }, finish_reason: i === plan.tokens.length - 1 ? 'length' : null }],
      usage: null,
    };
    return JSON.stringify(chunk);
  });
  if (errorAfter !== undefined) return [...events.slice(0, errorAfter), JSON.stringify(GENERATION_ERROR)];
  events.push('[DONE]');
  return events;
}

export function sendChatStream(res: ServerResponse, record: RecordedRequest, plan: ChatPlan, tokenDelayMs: number, keepAliveMs: number, cut?: StreamCut, errorAfter?: number): void {
  writeEventStream(res, record, {
    events: chatStreamEvents(plan, errorAfter),
    tokenDelayMs,
    keepAliveMs,
    ...(cut !== undefined ? { cut } : {}),
  });
}
