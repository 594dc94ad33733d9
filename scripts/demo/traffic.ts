// The demo's Hugging Face traffic through the gateway: POST /generate (one JSON answer) and
// POST /generate_stream (server-sent events, shown token by token as they arrive).
import { sseData } from './sse.js';

export const PROMPT = 'What does Kong Konnect do for Hugging Face models?';
export const MAX_NEW_TOKENS = 16;

export interface GenerateResult {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
}

const body = (prompt: string, maxNewTokens: number) => JSON.stringify({ inputs: prompt, parameters: { max_new_tokens: maxNewTokens } });

/** POST {base}/generate; resolves with the status and generated_text (or the error body). */
export async function generate(base: string, prompt = PROMPT, maxNewTokens = MAX_NEW_TOKENS, signal?: AbortSignal): Promise<GenerateResult> {
  const t0 = performance.now();
  const res = await fetch(`${base}/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(prompt, maxNewTokens), signal: signal ?? null });
  const raw = await res.text();
  let text = raw;
  try {
    const parsed = JSON.parse(raw) as { generated_text?: unknown };
    if (typeof parsed.generated_text === 'string') text = parsed.generated_text;
  } catch {
    /* not JSON: show it as it came */
  }
  return { status: res.status, text, ms: performance.now() - t0 };
}

export interface StreamResult extends GenerateResult {
  readonly tokens: number;
  /** ms from the request to the first token. */
  readonly firstTokenMs: number | null;
}

/**
 * POST {base}/generate_stream and calls `onToken` for each token's text as its event arrives
 * (TGI's `data:{"token":{"text":…},…}` events, split on blank lines as SSE defines).
 */
export async function generateStream(base: string, onToken: (text: string) => void, prompt = PROMPT, maxNewTokens = MAX_NEW_TOKENS): Promise<StreamResult> {
  const t0 = performance.now();
  const res = await fetch(`${base}/generate_stream`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: body(prompt, maxNewTokens) });
  if (!res.ok || !res.body) return { status: res.status, text: await res.text(), ms: performance.now() - t0, tokens: 0, firstTokenMs: null };
  let text = '';
  let tokens = 0;
  let firstTokenMs: number | null = null;
  for await (const data of sseData(res.body as AsyncIterable<Uint8Array>)) {
    try {
      const parsed = JSON.parse(data) as { token?: { text?: string; special?: boolean } };
      const t = parsed.token;
      if (t && typeof t.text === 'string' && !t.special) {
        firstTokenMs ??= performance.now() - t0;
        tokens += 1;
        text += t.text;
        onToken(t.text);
      }
    } catch {
      /* a comment or non-JSON event: nothing to show */
    }
  }
  return { status: res.status, text, ms: performance.now() - t0, tokens, firstTokenMs };
}
