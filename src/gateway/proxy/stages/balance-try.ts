// One try of ai-proxy-advanced on the target in ctx.ai (stages/balance.ts runs the tries): the
// per-call credential, the call, and its outcome judged by failover_criteria — answered (the
// client has it), or failed, with what the client gets if no other try follows (`FailedTry`,
// answered by `answerFailed`). Every try is begun and ended on the balancer exactly once.
import { sendCoreError, sendPluginError } from '../../kong/index.js';
import type { AttemptOutcome } from '../../balancer/types.js';
import { gatewayMetrics } from '../../metrics/index.js';
import type { UpstreamFailure } from '../../upstream/index.js';
import type { PreparedAiProxy } from '../ai-proxy.js';
import type { PreparedAiProxyAdvanced } from '../ai-proxy-advanced.js';
import { reportBreaker, reportFailedTry } from '../balance-report.js';
import type { ProxyContext, UpstreamCall, UpstreamFailureRecord } from '../context.js';
import { failureCriterion, judge, statusCriterion, type Verdict } from '../failover.js';
import { countedUsage } from '../usage.js';
import { tryUpstream } from './forward.js';
import { placeAuth } from './inject-auth.js';
import { answerBodyFailure, readAnswer, respond, sendAnswer } from './respond.js';
import { relayStream } from './relay-stream.js';

/** A failed try kept until the next one goes out: the client gets it if no other try happens. */
export interface FailedTry {
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

/** How the try went, once its answer (or failure) is known. */
export type TryResult =
  | { readonly kind: 'answered' } // the client has its answer (or left): done
  | { readonly kind: 'failed'; readonly criterion: string; readonly what: string; readonly ms: number; readonly verdict: Verdict; readonly held: FailedTry };

/** One call on the target in ctx.ai, up to its answer or its failure. */
export async function oneTry(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, index: number, attempt: number): Promise<TryResult> {
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

function held(ctx: ProxyContext, phase: FailedTry['phase']): FailedTry {
  return { ai: ctx.ai!, upstream: ctx.upstream, response: ctx.response, status: ctx.status, failure: ctx.upstreamFailure, phase, startNs: ctx.upstreamStartNs, headersNs: ctx.upstreamHeadersNs };
}

/** A failed try superseded by the next one: its unread body is drained in the background, a failed call counted. */
export function discard(ctx: ProxyContext, f: FailedTry): void {
  const body = f.response?.body;
  if (body !== undefined && !body.done) body.collect().catch(() => undefined);
  if (f.failure !== null) gatewayMetrics().upstreamFailures.inc({ route: ctx.match?.route.name ?? ctx.match?.route.id ?? '', cause: f.failure.cause });
}

export function answerWords(f: FailedTry): string {
  if (f.phase === 'status') return `the ${f.status}`;
  if (f.phase === 'authorize') return 'a 500';
  return `a ${f.failure?.status ?? 502}`;
}

/** The client gets a failed try as Kong would: the upstream's answer relayed, or Kong's 502/504. */
export async function answerFailed(ctx: ProxyContext, f: FailedTry): Promise<void> {
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
