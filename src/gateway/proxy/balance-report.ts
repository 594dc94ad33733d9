// What ai-proxy-advanced's tries leave behind: one log line per failed try (which target, the
// URL without credentials, the criterion and cause, how long, and what happened next), one per
// target passed over, one when the circuit breaker ejects a target and one when it is healthy
// again, and the matching ai_gateway_ai_target_* metrics. Never a header, a body or a secret.
import { balancerMetrics, reportEjectedTargets, type EjectedTarget } from '../metrics/index.js';
import { displayUrl } from '../upstream/index.js';
import type { PreparedAiProxyAdvanced } from './ai-proxy-advanced.js';
import type { ProxyContext } from './context.js';

const iso = (ms: number): string => new Date(ms).toISOString();

function pluginName(adv: PreparedAiProxyAdvanced): string {
  return adv.plugin.instance_name ? `'${adv.plugin.instance_name}' (${adv.plugin.id})` : adv.plugin.id;
}

function routeName(ctx: ProxyContext): string {
  return ctx.match?.route.name ?? ctx.match?.route.id ?? '?';
}

function targetLabels(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, index: number) {
  const model = adv.config.targets[index]!.model;
  return {
    service: ctx.match?.service?.name ?? ctx.match?.service?.host ?? '',
    route: ctx.match?.route.name ?? ctx.match?.route.id ?? '',
    ai_provider: model.provider,
    ai_model: model.name ?? '',
    target: String(index),
    workspace: 'default',
  };
}

export interface FailedTryReport {
  readonly attempt: number;
  readonly index: number;
  readonly criterion: string;
  /** "answered 429", "reset: the upstream closed the connection without answering". */
  readonly what: string;
  readonly ms: number;
  /** What happened next, from "failing over to …" to "the client gets the 429". */
  readonly next: string;
  readonly outcome: 'failover' | 'returned' | 'cut';
}

/** One line and one count per try that failed by failover_criteria. */
export function reportFailedTry(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, r: FailedTryReport): void {
  const up = ctx.upstream;
  const url = up === null ? '' : ` (${ctx.method} ${displayUrl(up.origin, up.path)})`;
  ctx.log(
    `ai-proxy-advanced ${pluginName(adv)} on route '${routeName(ctx)}': try ${r.attempt} on ${adv.labels[r.index]}${url} failed: ${r.criterion} (${r.what}) after ${Math.round(r.ms)} ms; ${r.next} (request ${ctx.requestId})`,
  );
  balancerMetrics().failures.inc({ ...targetLabels(ctx, adv, r.index), criterion: r.criterion, outcome: r.outcome });
}

/** A target passed over without a try. */
export function reportSkip(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, index: number, reason: 'circuit_breaker' | 'cannot_serve', why: string | null): void {
  if (why !== null) ctx.log(`ai-proxy-advanced ${pluginName(adv)} on route '${routeName(ctx)}': passed over ${adv.labels[index]}: ${why} (request ${ctx.requestId})`);
  balancerMetrics().skips.inc({ ...targetLabels(ctx, adv, index), reason });
}

/**
 * After a try on `index` ended: a circuit-breaker transition the balancer's state shows and this
 * balancer has not reported yet gets its one line (ejected until when, or healthy again).
 */
export function reportBreaker(ctx: ProxyContext, adv: PreparedAiProxyAdvanced, index: number, nowMs: number): void {
  const cfg = adv.balancerConfig;
  if (cfg.max_fails <= 0 || adv.balancer === null) return;
  const st = adv.balancer.state(nowMs)[index];
  if (st === undefined) return;
  const was = adv.memory.ejectedUntil[index] ?? null;
  const until = st.ejectedUntilMs;
  if (until !== null && until > nowMs && until !== was) {
    adv.memory.ejectedUntil[index] = until;
    const again = was !== null ? ' again (its first request after fail_timeout failed)' : '';
    ctx.log(
      `ai-proxy-advanced ${pluginName(adv)}: circuit breaker ejected ${adv.labels[index]}${again} after ${st.fails} failure${st.fails === 1 ? '' : 's'} (max_fails ${cfg.max_fails}): it gets no requests until ${iso(until)} (fail_timeout ${cfg.fail_timeout} ms)`,
    );
    const model = adv.config.targets[index]!.model;
    balancerMetrics().ejections.inc({ ai_provider: model.provider, ai_model: model.name ?? '', target: String(index), plugin_id: adv.plugin.id, workspace: 'default' });
  } else if (until === null && was !== null) {
    adv.memory.ejectedUntil[index] = null;
    ctx.log(`ai-proxy-advanced ${pluginName(adv)}: ${adv.labels[index]} is healthy again (a request succeeded after fail_timeout); the circuit breaker's count is reset`);
  }
}

/** The targets ejected right now (for the balance stage's skips and the 500 when none is left). */
export function ejectedTargets(adv: PreparedAiProxyAdvanced, nowMs: number): { readonly index: number; readonly until: number }[] {
  if (adv.balancerConfig.max_fails <= 0 || adv.balancer === null) return [];
  const out: { index: number; until: number }[] = [];
  for (const st of adv.balancer.state(nowMs)) if (st.ejectedUntilMs !== null && st.ejectedUntilMs > nowMs) out.push({ index: st.index, until: st.ejectedUntilMs });
  return out;
}

export { iso as isoTime };

/** Installs the source of the ai_gateway_ai_target_ejected gauge: every prepared instance's ejected targets. */
export function gaugeEjections(instances: () => Iterable<PreparedAiProxyAdvanced>): void {
  reportEjectedTargets(() => {
    const now = Date.now();
    const out: EjectedTarget[] = [];
    for (const adv of instances())
      for (const e of ejectedTargets(adv, now)) {
        const model = adv.config.targets[e.index]!.model;
        out.push({ pluginId: adv.plugin.id, provider: model.provider, model: model.name ?? '', index: e.index });
      }
    return out;
  });
}
