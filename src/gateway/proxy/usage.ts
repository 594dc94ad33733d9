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

function wordCount(body: Record<string, unknown> | null): number {
  if (body === null) return 0;
  const texts: string[] = [];
  if (typeof body.inputs === 'string') texts.push(body.inputs);
  if (typeof body.prompt === 'string') texts.push(body.prompt);
  if (Array.isArray(body.messages)) for (const m of body.messages) if (typeof m?.content === 'string') texts.push(m.content);
  return texts.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
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
