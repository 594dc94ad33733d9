// The demo's OpenAI-format traffic through the gateway for every provider but the seed's: POST
// <route>/v1/chat/completions once (one JSON answer) and once with `stream: true` (server-sent
// events, each chunk's delta text shown as it arrives). The gateway translates both to the
// provider's API and back; the client never names the model (the plugin's is used).
import { sseData } from './sse.js';

export const CHAT_MAX_TOKENS = 16;

export const chatPrompt = (title: string): string => `What does Kong Konnect do for ${title} models?`;

export interface ChatResult {
  readonly status: number;
  /** The answer's text, or the error body as it came. */
  readonly text: string;
  readonly model: string | null;
  readonly finishReason: string | null;
  readonly ms: number;
}

export interface ChatStreamResult extends ChatResult {
  /** Chunks that carried delta text. */
  readonly tokens: number;
  readonly firstTokenMs: number | null;
}

const request = (prompt: string, maxTokens: number, stream: boolean) =>
  JSON.stringify({ messages: [{ role: 'user', content: prompt }], max_tokens: maxTokens, ...(stream ? { stream: true } : {}) });

interface Completion {
  model?: string;
  choices?: { message?: { content?: string | null }; delta?: { content?: string | null }; finish_reason?: string | null }[];
}

export async function chat(base: string, prompt: string, maxTokens = CHAT_MAX_TOKENS): Promise<ChatResult> {
  const t0 = performance.now();
  const res = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request(prompt, maxTokens, false) });
  const raw = await res.text();
  try {
    const c = JSON.parse(raw) as Completion;
    const choice = c.choices?.[0];
    if (res.status === 200 && typeof choice?.message?.content === 'string') {
      return { status: res.status, text: choice.message.content, model: c.model ?? null, finishReason: choice.finish_reason ?? null, ms: performance.now() - t0 };
    }
  } catch {
    /* not JSON: shown as it came */
  }
  return { status: res.status, text: raw, model: null, finishReason: null, ms: performance.now() - t0 };
}

/** The stream: `onToken` is called with each chunk's delta text as its event arrives. */
export async function chatStream(base: string, prompt: string, onToken: (text: string) => void, maxTokens = CHAT_MAX_TOKENS): Promise<ChatStreamResult> {
  const t0 = performance.now();
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: request(prompt, maxTokens, true),
  });
  if (!res.ok || !res.body) return { status: res.status, text: await res.text(), model: null, finishReason: null, ms: performance.now() - t0, tokens: 0, firstTokenMs: null };
  let text = '';
  let tokens = 0;
  let firstTokenMs: number | null = null;
  let model: string | null = null;
  let finishReason: string | null = null;
  let error: string | null = null;
  for await (const data of sseData(res.body as AsyncIterable<Uint8Array>)) {
    try {
      const c = JSON.parse(data) as Completion & { error?: unknown };
      if (c.error !== undefined) error = data;
      model ??= c.model ?? null;
      const choice = c.choices?.[0];
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      const t = choice?.delta?.content;
      if (typeof t === 'string' && t !== '') {
        firstTokenMs ??= performance.now() - t0;
        tokens += 1;
        text += t;
        onToken(t);
      }
    } catch {
      /* a comment or non-JSON event: nothing to show */
    }
  }
  return { status: error === null ? res.status : 502, text: error ?? text, model, finishReason, ms: performance.now() - t0, tokens, firstTokenMs };
}
