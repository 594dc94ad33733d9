// Stage (ai-proxy-advanced): the tries. The balancer's pick gets the call its driver builds
// from the client's body — re-translated for each target, whatever its provider, the client's
// format staying the plugin's — with config.balancer's timeouts (one try: balance-try.ts).
// A try that fails by failover_criteria (proxy/failover.ts: nginx's proxy_next_upstream,
// non_idempotent included) is reported to the balancer (circuit breaker), logged and counted,
// and the next target is tried while `retries` allow and one is left; otherwise the client gets
// that failure as Kong would (the upstream's status and body; 502/504 for a failed call). A
// stream is relayed with its headers held until the first bytes, so a failure before them fails
// over like any other; after them the client gets an error (never a clean end) and the target
// is reported failed. The answer is translated back by the serving target's driver, which
// X-Kong-LLM-Model names. No target available (all ejected) is Kong's 500.
import { sendPluginError, sendPluginMessage, sendPluginText } from '../../kong/index.js';
import type { Pick as BalancerPick, PickInput } from '../../balancer/types.js';
import type { PreparedAiProxy } from '../ai-proxy.js';
import type { PreparedAiProxyAdvanced } from '../ai-proxy-advanced.js';
import { ejectedTargets, isoTime, reportFailedTry, reportSkip } from '../balance-report.js';
import { pickInput } from '../balancing.js';
import type { Balancing, ProxyContext } from '../context.js';
import { answerFailed, answerWords, discard, oneTry, type FailedTry } from './balance-try.js';
import { buildAiCall, type CallRefusal } from './normalize-request.js';

/** What the request looked like before any try: each try starts from it. */
interface Start {
  readonly body: Record<string, unknown>;
  readonly drop: ReadonlySet<string>;
  readonly set: Readonly<Record<string, string>>;
  readonly operation: string | null;
  readonly stream: boolean;
  readonly requestModel: string | null;
}

export async function balance(ctx: ProxyContext): Promise<void> {
  const b = ctx.balanced;
  if (b === null) return;
  ctx.done = true; // this stage answers, whatever happens
  const adv = b.advanced;
  const input = pickInput(ctx.req.headers, ctx.requestId);
  const first = adv.balancer!.pick(input, b.tried, Date.now());
  if (first === null) {
    const ejected = ejectedTargets(adv, Date.now());
    for (const e of ejected) reportSkip(ctx, adv, e.index, 'circuit_breaker', null);
    return noTarget(ctx, adv, ejected);
  }
  for (const index of first.ejected) reportSkip(ctx, adv, index, 'circuit_breaker', null);
  const start: Start = {
    body: ctx.body ?? {},
    drop: new Set(ctx.dropHeaders),
    set: { ...ctx.setHeaders },
    operation: ctx.operation,
    stream: ctx.stream,
    requestModel: ctx.requestModel,
  };
  await tries(ctx, b, start, input, first);
}

/** Every target ejected by the circuit breaker: Kong's 500 (`failed to get peer`), said once per ejection episode in the log. */
function noTarget(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, ejected: readonly { index: number; until: number }[]): void {
  const first = ejected.reduce((m, e) => Math.min(m, e.until), Number.POSITIVE_INFINITY);
  const why = ejected.length > 0
    ? `every target is ejected by the circuit breaker (max_fails ${adv.balancerConfig.max_fails}); the first one returns at ${isoTime(first)}`
    : 'the balancer has no target to offer';
  ctx.compiled.logOnce(`no-target:${adv.plugin.id}:${first}`, `ai-proxy-advanced ${adv.plugin.id} on route '${ctx.match?.route.name ?? ctx.match?.route.id}': ${why}; requests are answered 500 meanwhile`);
  ctx.status = 500;
  sendPluginMessage(ctx, 500, `failed to get peer: ${why}`);
}

function resetTry(ctx: ProxyContext, ai: PreparedAiProxy, s: Start): void {
  ctx.ai = ai;
  ctx.body = { ...s.body }; // the driver and body auth write top-level keys: never into the next target's call
  ctx.dropHeaders = new Set(s.drop);
  ctx.setHeaders = { ...s.set }; // the previous target's credential never goes to the next
  ctx.operation = s.operation;
  ctx.stream = s.stream;
  ctx.requestModel = s.requestModel;
  ctx.upstream = null;
  ctx.response = null;
  ctx.status = 0;
  ctx.upstreamFailure = null;
  ctx.upstreamStartNs = 0n;
  ctx.upstreamHeadersNs = 0n;
  ctx.firstByteNs = 0n;
  ctx.usage = {};
  ctx.responseModel = null;
  ctx.responseText = '';
}

/** Builds the call for ctx.ai with config.balancer's timeouts; Kong's refusal, or null when ready. */
function prepareTry(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, retry: boolean): CallRefusal | null {
  const refused = buildAiCall(ctx, ctx.ai!, retry);
  if (refused !== null) return refused;
  const cfg = adv.balancerConfig;
  // Kong: kong.service.set_timeouts(connect_timeout, write_timeout, read_timeout) from config.balancer.
  ctx.upstream = { ...ctx.upstream!, connectTimeoutMs: cfg.connect_timeout, readTimeoutMs: cfg.read_timeout, writeTimeoutMs: cfg.write_timeout };
  return null;
}

function answerRefusal(ctx: ProxyContext, r: CallRefusal): void {
  ctx.status = r.status;
  if (r.plain) sendPluginText(ctx, r.status, r.message);
  else sendPluginError(ctx, r.status, r.message);
}

async function tries(ctx: ProxyContext, b: Balancing, s: Start, input: PickInput, first: BalancerPick): Promise<void> {
  const adv = b.advanced;
  const balancer = adv.balancer!;
  const maxTries = adv.balancerConfig.retries + 1;
  let pick: BalancerPick | null = first;
  let pending: FailedTry | null = null;
  let attempt = 0;
  while (pick !== null) {
    const index = pick.index;
    b.tried.add(index);
    resetTry(ctx, adv.targets[index]!, s);
    const refused = prepareTry(ctx, adv, pending !== null);
    if (refused !== null) {
      // A pick not followed by a try: a half-open target's probe claim is released (ending the
      // try would count a success or a failure the target never had; keeping the claim would
      // keep every other request off that target until fail_timeout passed once more).
      balancer.release(index);
      if (pending === null) return answerRefusal(ctx, refused); // the first target: Kong answers the client
      const why = `its driver refuses this request (${refused.status}: ${refused.message})`;
      b.tries.push({ index, outcome: 'cannot_serve' });
      pick = balancer.pick(input, b.tried, Date.now());
      reportSkip(ctx, adv, index, 'cannot_serve', `${why}; ${pick === null ? 'no other target is available' : `trying ${adv.labels[pick.index]}`}`);
      continue;
    }
    attempt++;
    if (pending !== null) discard(ctx, pending);
    pending = null;
    const result = await oneTry(ctx, adv, index, attempt);
    if (result.kind === 'answered') return;
    const { verdict } = result;
    const next = verdict.failover && attempt < maxTries ? balancer.pick(input, b.tried, Date.now()) : null;
    const then = next !== null
      ? `failing over to ${adv.labels[next.index]}`
      : !verdict.failover
        ? `not failed over: ${verdict.held}; the client gets ${answerWords(result.held)}`
        : attempt >= maxTries
          ? `no retries left (config.balancer.retries ${adv.balancerConfig.retries}); the client gets ${answerWords(result.held)}`
          : `no other target is available (every other one tried or ejected); the client gets ${answerWords(result.held)}`;
    reportFailedTry(ctx, adv, { attempt, index, criterion: result.criterion, what: result.what, ms: result.ms, next: then, outcome: next !== null ? 'failover' : 'returned' });
    b.tries.push({ index, outcome: result.criterion });
    if (next === null) return answerFailed(ctx, result.held);
    pending = result.held;
    pick = next;
  }
  // every later target refused the request: the last failure stands
  if (pending !== null) return answerFailed(ctx, pending);
}

