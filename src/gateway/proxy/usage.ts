// The request's token counts, in one place: what the upstream reported (ctx.usage, filled by
// respond / relay-stream from the driver's translation) and, where it reported nothing, Kong's
// estimates (reference ai-proxy 4.7): prompt = words of the prompt (×1.8 when streaming),
// completion = ceil(length of the generated text / 4). Analytics, the OpenAI usage chunk and
// any later stage (ai-rate-limiting-advanced) read counts through `countedUsage`.
import type { ProxyContext } from './context.js';

export interface CountedUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  /** Which counts are Kong's estimates rather than the upstream's. */
  readonly estimated: { readonly prompt: boolean; readonly completion: boolean };
}

/** Whether a UTF-16 code unit is white space as JavaScript's `\s` has it. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The words of `text` (runs between white space), as `text.split(/\s+/).filter(Boolean).length` counts them, without the array. */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

function wordCount(body: Record<string, unknown> | null): number {
  if (body === null) return 0;
  let n = 0;
  if (typeof body.inputs === 'string') n += countWords(body.inputs);
  if (typeof body.prompt === 'string') n += countWords(body.prompt);
  if (Array.isArray(body.messages)) for (const m of body.messages) if (typeof m?.content === 'string') n += countWords(m.content);
  return n;
}

export function countedUsage(ctx: Pick<ProxyContext, 'usage' | 'body' | 'stream' | 'responseText'>): CountedUsage {
  const prompt = ctx.usage.prompt_tokens;
  const completion = ctx.usage.completion_tokens;
  return {
    prompt_tokens: prompt ?? Math.round(wordCount(ctx.body) * (ctx.stream ? 1.8 : 1.0)),
    completion_tokens: completion ?? Math.ceil(ctx.responseText.trim().length / 4),
    estimated: { prompt: prompt === undefined, completion: completion === undefined },
  };
}
