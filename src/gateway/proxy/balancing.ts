// Asking an ai-proxy-advanced balancer for a target, the same way for the proxy and for
// `explain`: what an algorithm may read from the request (a header by lower-case name, the
// request id), the proxy's pick (which advances the balancer's rotation), and explain's look at
// the next pick, which must not advance it: the balancer's `peek` when it has one; otherwise
// nothing is consumed and explain says the pick is not known ahead (explain/balancer.ts).
import type { Balancer, Pick as BalancerPick, PickInput } from '../balancer/types.js';
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

/** The request's first target (the balancer's rotation advances); null when every target is ejected. */
export function firstPick(adv: PreparedAiProxyAdvanced, input: PickInput, nowMs: number): BalancerPick | null {
  return adv.balancer === null ? null : adv.balancer.pick(input, NONE_TRIED, nowMs);
}

/** A balancer that can tell its next pick without making it. */
export interface PeekingBalancer extends Balancer {
  peek(input: PickInput, tried: ReadonlySet<number>, nowMs: number): BalancerPick | null;
}

function canPeek(b: Balancer): b is PeekingBalancer {
  return typeof (b as Partial<PeekingBalancer>).peek === 'function';
}

/** What the next pick would be, without consuming it: `known` false when the balancer cannot say (no peek). */
export function peekPick(adv: PreparedAiProxyAdvanced, input: PickInput, nowMs: number): { readonly known: boolean; readonly pick: BalancerPick | null } {
  const b = adv.balancer;
  if (b === null || !canPeek(b)) return { known: false, pick: null };
  return { known: true, pick: b.peek(input, NONE_TRIED, nowMs) };
}
