// Asking an ai-proxy-advanced balancer for a target, the same way for the proxy and for
// `explain`: what an algorithm may read from the request (a header by lower-case name, the
// request id), and the look at the next pick that changes nothing (the balancer's preview: no
// rotation step, no circuit-breaker probe claimed) — for explain, and for the stages that need
// the likely target before the tries (rate limiting by provider). Only the balance stage picks.
import type { Pick as BalancerPick, PickInput } from '../balancer/types.js';
import type { PreparedAiProxyAdvanced } from './ai-proxy-advanced.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export function pickInput(headers: Headers, requestId: string): PickInput {
  return {
    header(name) {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    },
    requestId,
  };
}

const NONE_TRIED: ReadonlySet<number> = new Set();

/** The target the next pick would be, changing no state; null when every target is ejected (or the balancer could not be built). */
export function previewPick(adv: PreparedAiProxyAdvanced, input: PickInput, nowMs: number): BalancerPick | null {
  return adv.balancer === null ? null : adv.balancer.preview(input, NONE_TRIED, nowMs);
}
