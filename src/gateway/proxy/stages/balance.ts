// Stage (ai-proxy-advanced): the tries. The balancer's pick gets the call its driver builds from the client's body — re-translated for each target, whatever
// its provider, the client's format staying the plugin's — with config.balancer's timeouts.
// A try that fails by failover_criteria (proxy/failover.ts: nginx's proxy_next_upstream,
// non_idempotent included) is reported to the balancer (circuit breaker), logged and counted,
// and the next target is tried while `retries` allow and one is left; otherwise the client gets
// that failure as Kong would (the upstream's status and body; 502/504 for a failed call). A
// stream is relayed with its headers held until the first bytes, so a failure before them fails
// over like any other; after them the client gets an error (never a clean end) and the target
// is reported failed. The answer is translated back by the serving target's driver, which
// X-Kong-LLM-Model names. No target available (all ejected) is Kong's 500.
import { sendCoreError, sendPluginError, sendPluginMessage, sendPluginText } from '../../kong/index.js';
import type { AttemptOutcome, Pick as BalancerPick, PickInput } from '../../balancer/types.js';
import { gatewayMetrics } from '../../metrics/index.js';
import type { UpstreamFailure } from '../../upstream/index.js';
import type { PreparedAiProxy } from '../ai-proxy.js';
import type { PreparedAiProxyAdvanced } from '../ai-proxy-advanced.js';
import { ejectedTargets, isoTime, reportBreaker, reportFailedTry, reportSkip } from '../balance-report.js';
import { pickInput } from '../balancing.js';
import type { Balancing, ProxyContext, UpstreamCall, UpstreamFailureRecord } from '../context.js';
import { failureCriterion, judge, statusCriterion, type Verdict } from '../failover.js';
import { countedUsage } from '../usage.js';
import { tryUpstream } from './forward.js';
import { placeAuth } from './inject-auth.js';
import { buildAiCall, type CallRefusal } from './normalize-request.js';
import { answerBodyFailure, readAnswer, respond, sendAnswer } from './respond.js';
import { relayStream } from './relay-stream.js';

/** What the request looked like before any try: each try starts from it. */
interface Start {
  readonly body: Record<string, unknown>;
  readonly drop: ReadonlySet<string>;
  readonly set: Readonly<Record<string, string>>;
  readonly operation: string | null;
  readonly stream: boolean;
  readonly requestModel: string | null;
}

/** A failed try kept until the next one goes out: the client gets it if no other try happens. */
interface FailedTry {
  readonly ai: PreparedAiProxy;
  readonly upstream: UpstreamCall | null;
  readonly response: ProxyContext['response'];
  readonly status: number;
  readonly failure: UpstreamFailureRecord | null;
  /** Where the failure happened: 'headers' → 502/504 core error; 'body' → Kong's plugin error; 'status' → the upstream's answer relayed; 'authorize' → Kong's 500 before proxying. */
  readonly phase: 'headers' | 'body' | 'status' | 'authorize';
  readonly startNs: bigint;
  readonly headersNs: bigint;
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
  // The body is sent from memory in one write, so a target that stops reading shows as read_timeout.
  ctx.upstream = { ...ctx.upstream!, connectTimeoutMs: cfg.connect_timeout, readTimeoutMs: cfg.read_timeout };
  return null;
}

function answerRefusal(ctx: ProxyContext, r: CallRefusal): void {
  ctx.status = r.status;
  if (r.plain) sendPluginText(ctx, r.status, r.message);
  else sendPluginError(ctx, r.status, r.message);
}

function elapsedMs(fromNs: bigint): number {
  return Number(process.hrtime.bigint() - fromNs) / 1e6;
}

/** The try's report to the balancer: latency, and usage and cost for an answer. */
function outcomeOf(ctx: ProxyContext, ok: boolean, e2eMs: number): AttemptOutcome {
  if (!ok || ctx.status !== 200) return { ok, e2eMs };
  const u = countedUsage(ctx);
  const ai = ctx.ai!;
  const options = ai.config.model.options;
  const cost = ai.config.logging?.log_statistics
    ? (u.prompt_tokens * ((options?.input_cost as number | null | undefined) ?? 0) + u.completion_tokens * ((options?.output_cost as number | null | undefined) ?? 0)) / 1e6
    : undefined;
  return { ok, e2eMs, promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, ...(cost !== undefined ? { cost } : {}) };
}

/** How the try went, once its answer (or failure) is known. */
type TryResult =
  | { readonly kind: 'answered' } // the client has its answer (or left): done
  | { readonly kind: 'failed'; readonly criterion: string; readonly what: string; readonly ms: number; readonly verdict: Verdict; readonly held: FailedTry };

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
      // A pick not followed by a try: a half-open target's probe claim lapses after fail_timeout
      // (ending it would count a success or a failure the target never had).
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

/** One call on the target in ctx.ai, up to its answer or its failure. */
async function oneTry(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, index: number, attempt: number): Promise<TryResult> {
  const balancer = adv.balancer!;
  const policy = adv.policy;
  balancer.begin(index);
  const t0 = process.hrtime.bigint();
  const end = (ok: boolean): void => {
    const now = Date.now();
    balancer.end(index, outcomeOf(ctx, ok, elapsedMs(t0)), now);
    reportBreaker(ctx, adv, index, now);
  };
  const answered = (ok = true): TryResult => {
    end(ok);
    ctx.balanced!.tries.push({ index, outcome: ctx.abort.aborted ? 'client_left' : ctx.status === 200 ? 'ok' : `status_${ctx.status}` });
    return { kind: 'answered' };
  };
  const placed = placeAuth(ctx);
  const denied = placed === null ? null : await placed;
  if (denied !== null) {
    // The per-call credential (SigV4, OAuth token) could not be made: the request was never sent,
    // as with a connection that fails — criterion `error`.
    ctx.compiled.logOnce(`authorize:${adv.plugin.id}:${index}:${denied}`, `ai-proxy-advanced ${adv.plugin.id} ${adv.labels[index]} (${ctx.ai!.plan!.name}): could not authorize the upstream call: ${denied}`);
    const verdict = judge(policy, 'error', false, ctx.method);
    ctx.status = 500;
    if (!verdict.failed) {
      sendPluginError(ctx, 500, 'LLM request failed before proxying');
      return answered();
    }
    end(false);
    return { kind: 'failed', criterion: 'error', what: `could not authorize the call: ${denied}`, ms: elapsedMs(t0), verdict, held: held(ctx, 'authorize') };
  }
  const head = await tryUpstream(ctx);
  if (head === 'client-left') return answered();
  if (head !== null) {
    const criterion = failureCriterion(head);
    const verdict = judge(policy, criterion, !head.beforeSend, ctx.method);
    if (!verdict.failed) {
      sendCoreError(ctx, head.status); // as the forward stage: a failure no criterion lists
      return answered();
    }
    end(false);
    return { kind: 'failed', criterion, what: `${head.cause}: ${head.detail}`, ms: elapsedMs(t0), verdict, held: held(ctx, 'headers') };
  }
  if (ctx.status !== 200) {
    const criterion = statusCriterion(ctx.status);
    const verdict = judge(policy, criterion, true, ctx.method);
    if (!verdict.failed) {
      await respond(ctx); // an ordinary answer, relayed as it comes
      return answered();
    }
    end(false);
    return { kind: 'failed', criterion: criterion!, what: `answered ${ctx.status}`, ms: elapsedMs(t0), verdict, held: held(ctx, 'status') };
  }
  if (!ctx.stream) {
    const answer = await readAnswer(ctx);
    if (answer === 'client-left') return answered();
    if (Buffer.isBuffer(answer)) {
      sendAnswer(ctx, answer); // a 500 for an answer the driver cannot convert: not a failover criterion
      return answered();
    }
    return bodyFailure(ctx, adv, answer, end, t0);
  }
  const relayed = await relayStream(ctx, true);
  switch (relayed.kind) {
    case 'complete':
    case 'client-left':
      return answered();
    case 'early-failure':
      return bodyFailure(ctx, adv, relayed.failure, end, t0);
    case 'cut':
    case 'upstream-error': {
      // the client had the first bytes: no failover; it got an error event, and the target failed
      const failure = relayed.kind === 'cut' ? relayed.failure : null;
      const criterion = failure === null ? 'error' : failureCriterion(failure);
      const listed = policy.criteria.has(criterion);
      end(!listed);
      if (listed) {
        if (ctx.upstreamFailure !== null) ctx.upstreamFailure = { ...ctx.upstreamFailure, logged: true };
        const what = failure === null ? 'the upstream reported an error in its stream' : `${failure.cause}: ${failure.detail}, ${ctx.upstreamFailure?.cut ?? 'mid-stream'}`;
        reportFailedTry(ctx, adv, {
          attempt, index, criterion, what, ms: elapsedMs(t0),
          next: 'no failover once the client has the first bytes: it got an error event and no clean end; the target counts as failed', outcome: 'cut',
        });
      }
      ctx.balanced!.tries.push({ index, outcome: listed ? `${criterion} after the first byte` : 'ok' });
      return { kind: 'answered' };
    }
  }
}

/** The 200 answer's body failed before anything reached the client. */
function bodyFailure(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, failure: UpstreamFailure, end: (ok: boolean) => void, t0: bigint): TryResult {
  const criterion = failureCriterion(failure);
  const verdict = judge(adv.policy, criterion, true, ctx.method);
  if (!verdict.failed) {
    answerBodyFailure(ctx, failure);
    end(true);
    return { kind: 'answered' };
  }
  end(false);
  return { kind: 'failed', criterion, what: `${failure.cause}: ${failure.detail}`, ms: elapsedMs(t0), verdict, held: held(ctx, 'body') };
}

function held(ctx: ProxyContext, phase: FailedTry['phase']): FailedTry {
  return { ai: ctx.ai!, upstream: ctx.upstream, response: ctx.response, status: ctx.status, failure: ctx.upstreamFailure, phase, startNs: ctx.upstreamStartNs, headersNs: ctx.upstreamHeadersNs };
}

/** A failed try superseded by the next one: its unread body is drained in the background, a failed call counted. */
function discard(ctx: ProxyContext, f: FailedTry): void {
  const body = f.response?.body;
  if (body !== undefined && !body.done) body.collect().catch(() => undefined);
  if (f.failure !== null) gatewayMetrics().upstreamFailures.inc({ route: ctx.match?.route.name ?? ctx.match?.route.id ?? '', cause: f.failure.cause });
}

function answerWords(f: FailedTry): string {
  if (f.phase === 'status') return `the ${f.status}`;
  if (f.phase === 'authorize') return 'a 500';
  return `a ${f.failure?.status ?? 502}`;
}

/** The client gets a failed try as Kong would: the upstream's answer relayed, or Kong's 502/504. */
async function answerFailed(ctx: ProxyContext, f: FailedTry): Promise<void> {
  ctx.ai = f.ai;
  ctx.upstream = f.upstream;
  ctx.response = f.response;
  ctx.status = f.status;
  ctx.upstreamStartNs = f.startNs;
  ctx.upstreamHeadersNs = f.headersNs;
  // its log line is the failed try's (balance-report.ts); analytics still counts it
  ctx.upstreamFailure = f.failure === null ? null : { ...f.failure, logged: true };
  if (f.phase === 'status') return respond(ctx);
  if (f.phase === 'authorize') return sendPluginError(ctx, 500, 'LLM request failed before proxying');
  if (f.phase === 'headers') return sendCoreError(ctx, f.failure!.status);
  answerBodyFailure(ctx, f.failure!);
}
