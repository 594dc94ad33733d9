// What ai-rate-limiting-advanced tells the client (Kong's plugin page and Kong 3.10/3.11 output):
// on every request it applies to, `X-AI-RateLimit-Limit-<window>-<provider>` and
// `X-AI-RateLimit-Remaining-<window>-<provider>` for every configured limit (unless
// hide_client_headers); when a limit of the request's provider is reached, `error_code` (429)
// with `{"message":"<error_message><providers>"}`, `X-AI-RateLimit-{Reset,Retry-After}-<window>-<provider>`
// for each reached limit, `X-AI-RateLimit-Reset` and `X-AI-RateLimit-Retry-After` (the longest
// wait), and the standard `Retry-After` (plus up to retry_after_jitter_max seconds of jitter).
import type { AiRateLimitingConfig } from '../../schemas/index.js';
import type { LimitState } from './limiter.js';
import { headerSeconds } from './window.js';

export interface Decision {
  readonly headers: Record<string, string>;
  /** Set when the request is refused. */
  readonly refusal: { readonly status: number; readonly message: string } | null;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(7))));

function remaining(s: LimitState, cost: boolean): string {
  const left = Math.max(0, s.limit.limit - s.usage);
  return fmt(cost ? left : Math.floor(left));
}

export function decide(config: AiRateLimitingConfig, provider: string, states: readonly LimitState[], random: () => number = Math.random): Decision {
  const headers: Record<string, string> = {};
  const cost = config.tokens_count_strategy === 'cost';
  if (!config.hide_client_headers) {
    for (const s of states) {
      const suffix = `${s.limit.label}-${s.limit.provider}`;
      headers[`X-AI-RateLimit-Limit-${suffix}`] = fmt(s.limit.limit);
      headers[`X-AI-RateLimit-Remaining-${suffix}`] = remaining(s, cost);
    }
  }
  const reached = states.filter((s) => s.limit.provider === provider && s.usage >= s.limit.limit);
  if (reached.length === 0) return { headers, refusal: null };
  let wait = 1;
  for (const s of reached) {
    const seconds = headerSeconds(s.wait);
    wait = Math.max(wait, seconds);
    const suffix = `${s.limit.label}-${s.limit.provider}`;
    headers[`X-AI-RateLimit-Reset-${suffix}`] = String(seconds);
    headers[`X-AI-RateLimit-Retry-After-${suffix}`] = String(seconds);
  }
  headers['X-AI-RateLimit-Reset'] = String(wait);
  headers['X-AI-RateLimit-Retry-After'] = String(wait);
  const jitter = config.retry_after_jitter_max > 0 ? Math.ceil(random() * config.retry_after_jitter_max) : 0;
  headers['Retry-After'] = String(wait + jitter);
  const providers = [...new Set(reached.map((s) => s.limit.provider))].join(', ');
  const message = `${config.error_message ?? ''}${config.error_hide_providers ? '' : providers}`;
  return { headers, refusal: { status: config.error_code ?? 429, message } };
}

/** The amount one answer costs under `tokens_count_strategy` (cost: per 1M tokens, ai-proxy's input/output_cost). */
export function amountOf(
  strategy: AiRateLimitingConfig['tokens_count_strategy'],
  usage: { readonly prompt_tokens?: number; readonly completion_tokens?: number },
  costs: { readonly input: number; readonly output: number },
): number {
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  switch (strategy) {
    case 'prompt_tokens':
      return prompt;
    case 'completion_tokens':
      return completion;
    case 'cost':
      return (prompt * costs.input + completion * costs.output) / 1e6;
    default:
      return prompt + completion;
  }
}
