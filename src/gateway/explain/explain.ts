// "Why did my request go there?": for one request (method, path, headers, query) against one
// snapshot, the matched route, the consumer key-auth identifies and its groups, the ai-proxy or
// ai-proxy-advanced instance that will run (id, scope, source) and, for every other instance,
// why it lost; for ai-proxy-advanced the target the balancer would pick and why, and every
// target's state (circuit breaker included: explain/balancer.ts); any plugin this gateway does not run that would refuse the request (500); and plugin
// objects attached to nothing. It runs the proxy's own decisions (proxy/decide.ts) on the proxy's
// own compiled snapshot (proxy/compiled.ts `compiledFor`): the same router, key-auth, precedence
// and driver plans; only the report (why the others lost) is explain's.
import type { ConfigSnapshot, UnattachedPlugin } from '../config/snapshot.js';
import type { Plugin } from '../../schemas/entities.js';
import { normalizeRequestPath } from '../router/index.js';
import type { RequestScope } from '../plugins/precedence.js';
import { unsupportedMessage, type UnsupportedPlugins } from '../plugins/unsupported.js';
import { compiledFor } from '../proxy/compiled.js';
import { decide, type PromptPlugins } from '../proxy/decide.js';
import type { AiPromptDecoratorConfig, AiPromptGuardConfig } from '../../schemas/index.js';
import { explainUpstream, type ExplainUpstream } from './upstream.js';
import { explainBalancer, type ExplainBalancer } from './balancer.js';

export interface ExplainRequest {
  readonly method: string;
  /** Path with an optional query string: "/hf/generate?apikey=…". */
  readonly path: string;
  /** Header names in any case. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly host?: string;
}

export interface PluginRef {
  readonly id: string;
  readonly name: string;
  readonly instance_name: string | null;
  /** The scope in Kong's words ("consumer group + route", "global"). */
  readonly scope: string;
  readonly level: number | null;
  readonly refs: { readonly service: string | null; readonly route: string | null; readonly consumer: string | null; readonly consumer_group: string | null };
  readonly enabled: boolean;
  readonly tags: readonly string[] | null;
}

export interface ExplainReport {
  readonly request: { readonly method: string; readonly path: string; readonly host: string };
  readonly source: { readonly kind: string; readonly location: string; readonly revision: number };
  readonly route: { readonly id: string; readonly name: string | null; readonly paths: readonly string[] | null; readonly service: { readonly id: string; readonly name: string | null } | null } | null;
  readonly authentication:
    | { readonly plugin: null; readonly result: 'no key-auth plugin applies' }
    | { readonly plugin: PluginRef; readonly result: 'identified' | 'anonymous' | 'rejected' | 'skipped'; readonly status?: number; readonly message?: string; readonly reason?: string };
  readonly consumer: { readonly id: string; readonly username: string | null; readonly custom_id: string | null } | null;
  readonly consumerGroups: readonly { readonly id: string; readonly name: string }[];
  /** The ai-proxy or ai-proxy-advanced instance that runs, or null (with why). */
  readonly aiProxy: (PluginRef & { readonly source: string }) | null;
  /** ai-proxy-advanced: the target the request would go to, why, and every target's state; null otherwise. */
  readonly balancer: ExplainBalancer | null;
  /** ai-prompt-decorator and ai-prompt-guard instances that run on this request, in Kong's order, with what each does. */
  readonly prompts: readonly (PluginRef & { readonly effect: string })[];
  /** The upstream call the request would make (URL without credentials), or null when it is not proxied. */
  readonly upstream: ExplainUpstream | null;
  readonly verdict: string;
  readonly candidates: readonly (PluginRef & { readonly reason: string })[];
  /** Enabled plugins Kong would run that this gateway does not: whether each stops this request (500), and why. */
  readonly unsupported: readonly (PluginRef & { readonly applies: boolean; readonly reason: string })[];
  /** The prometheus instance that counts this request (Kong's precedence) and which of its metric flags are on, or null. */
  readonly prometheus: (PluginRef & { readonly metrics: readonly string[] }) | null;
  /** Plugin objects that apply to no request at all (KIC: named by no konghq.com/plugins annotation), with the fix. */
  readonly notAttached: readonly UnattachedPlugin[];
}

function ref(p: Plugin, scope: string, level: number | null): PluginRef {
  return {
    id: p.id, name: p.name, instance_name: p.instance_name, scope, level, enabled: p.enabled, tags: p.tags,
    refs: { service: p.service?.id ?? null, route: p.route?.id ?? null, consumer: p.consumer?.id ?? null, consumer_group: p.consumer_group?.id ?? null },
  };
}

export interface ExplainOptions {
  /** Whose balancer state the report shows (default: "this process's"). */
  readonly balancerState?: string;
  readonly nowMs?: number;
}

export function explainRequest(snapshot: ConfigSnapshot, req: ExplainRequest, options: ExplainOptions = {}): ExplainReport {
  const c = compiledFor(snapshot);
  const nowMs = options.nowMs ?? Date.now();
  // The proxy's own path normalization (not WHATWG URL's, which reads `//hf/x` as host `hf`).
  const q = req.path.indexOf('?');
  const search = q < 0 ? '' : req.path.slice(q);
  const normalized = normalizeRequestPath(q < 0 ? req.path : req.path.slice(0, q));
  const pathname = normalized.ok ? normalized.path : req.path.slice(0, q < 0 ? undefined : q);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  const host = (req.host ?? headers['host'] ?? 'localhost').toLowerCase().replace(/:\d+$/, '');
  const method = req.method.toUpperCase();
  const source = { kind: snapshot.origin.kind, location: snapshot.origin.location, revision: snapshot.revision };
  const request = { method, path: pathname + search, host };

  const d = normalized.ok ? decide(c, { method, path: pathname, query: search, host, headers }, nowMs) : null;
  const match = d?.match ?? null;
  const route = match
    ? { id: match.route.id, name: match.route.name, paths: match.route.paths, service: match.service ? { id: match.service.id, name: match.service.name } : null }
    : null;
  const base: RequestScope = { routeId: match?.route.id ?? null, serviceId: match?.service?.id ?? null, consumerId: null, consumerGroupIds: [] };

  // key-auth (never consumer-scoped) decides who the consumer is.
  let authentication: ExplainReport['authentication'] = { plugin: null, result: 'no key-auth plugin applies' };
  const rejected = d?.rejected ?? false;
  const auth = d?.keyAuth ?? null;
  if (auth) {
    const out = auth.outcome;
    const pr = ref(auth.plugin.plugin, auth.plugin.scope, auth.plugin.level);
    if (!out.ok) authentication = { plugin: pr, result: 'rejected', status: out.status, message: out.body.message, reason: out.reason };
    else if (!out.consumer) authentication = { plugin: pr, result: 'skipped', reason: 'preflight request and run_on_preflight is false' };
    else authentication = { plugin: pr, result: out.anonymous ? 'anonymous' : 'identified' };
  }
  const consumerId = d?.consumer?.id ?? null;
  const consumerEntity = consumerId ? c.consumers.consumer(consumerId) : undefined;
  const consumer = consumerEntity ? { id: consumerEntity.id, username: consumerEntity.username, custom_id: consumerEntity.custom_id } : null;
  const groups = consumerId ? c.consumers.groupsOf(consumerId).map((g) => ({ id: g.id, name: g.name })) : [];

  const scope: RequestScope = d?.scope ?? { ...base, consumerId, consumerGroupIds: d?.consumerGroupIds ?? [] };
  // ai-proxy-advanced, when an instance applies, runs instead of ai-proxy (decide.ts aiPluginsFor)
  const exBasic = c.plugins.explain('ai-proxy', scope);
  const exAdvanced = c.plugins.explain('ai-proxy-advanced', scope);
  const advancedRuns = exAdvanced.winner !== null;
  const ex = advancedRuns ? exAdvanced : exBasic;
  const shadowed = advancedRuns && exBasic.winner
    ? [{ ...ref(exBasic.winner.plugin, exBasic.winner.scope, exBasic.winner.level), reason: `would win among ai-proxy instances at level ${exBasic.winner.level} (${exBasic.winner.scope}), but ai-proxy-advanced ${exAdvanced.winner!.plugin.id} runs instead: both have priority 770, Kong runs a tie in plugin-name order (ai-proxy-advanced first) and its AI filters once per request` }]
    : [];
  const otherLosers = advancedRuns ? exBasic.losers : exAdvanced.losers;
  const sourceOf = (p: Plugin) => `${snapshot.origin.kind} ${snapshot.origin.location}${p.tags?.some((t) => t.startsWith('k8s-kind:')) ? ` (${kicName(p)})` : ''}`;
  const winner = ex.winner && match && !rejected ? { ...ref(ex.winner.plugin, ex.winner.scope, ex.winner.level), source: sourceOf(ex.winner.plugin) } : null;
  const candidates = [...shadowed, ...[...ex.losers, ...otherLosers].map((l) => ({ ...ref(l.plugin, l.scope, l.level), reason: l.reason }))];
  if (ex.winner && !winner) {
    const why = !normalized.ok ? 'the path is refused with a 400 before routing' : !match ? 'no route matched, so Kong runs no plugin' : 'key-auth rejected the request first';
    candidates.unshift({ ...ref(ex.winner.plugin, ex.winner.scope, ex.winner.level), reason: `would win at level ${ex.winner.level} (${ex.winner.scope}), but ${why}` });
  }
  const unsupported = explainUnsupported(c.plugins.unsupportedPlugins, scope, match !== null && !rejected);
  const refusing = unsupported.filter((u) => u.applies).map((u) => u.name);
  const prompts = d !== null && match && !rejected && refusing.length === 0 ? explainPrompts(d.prompts) : [];
  const promptProblem = d !== null && match && !rejected && refusing.length === 0 ? d.promptProblem : null;
  const verdict = !normalized.ok
    ? `400 {"message":"Bad request"}: ${normalized.reason}`
    : !match
    ? `404 {"message":"no Route matched with those values"}: no route matches ${method} ${host}${pathname}`
    : rejected && authentication.plugin
      ? `${'status' in authentication ? authentication.status : 401} {"message":"${'message' in authentication ? authentication.message : ''}"}: key-auth rejected the request (${'reason' in authentication ? authentication.reason : ''})`
      : refusing.length
        ? `500 {"message":"${unsupportedMessage(refusing)}"}: Kong would run ${refusing.join(', ')} for this request; this gateway does not, so it refuses the request instead of proxying it`
        : promptProblem !== null
        ? `500 {"message":"${promptProblem}"}: the prompt plugins cannot run faithfully here, so the request is refused instead of proxied`
        : winner && d?.advanced
        ? advancedVerdict(winner, d)
        : winner
        ? `ai-proxy ${winner.id} (${winner.scope}) runs${d?.aiProxy?.unsupported ? `, and answers ${d.aiProxy.unsupported.status}: ${d.aiProxy.unsupported.message}` : ''}`
        : 'no ai-proxy or ai-proxy-advanced instance applies: the request is proxied to the route\'s service unchanged';
  // A request refused for a plugin this gateway does not run is never proxied: no upstream call.
  const upstream = d !== null && match && !rejected && refusing.length === 0 && promptProblem === null ? explainUpstream(d, method) : null;
  const prom = match && !rejected && refusing.length === 0 ? c.plugins.resolve('prometheus', scope) : null;
  const prometheus = prom
    ? {
        ...ref(prom.plugin, prom.scope, prom.level),
        metrics: Object.entries((prom.plugin.config ?? {}) as Record<string, unknown>).filter(([, v]) => v === true).map(([k]) => k),
      }
    : null;
  const balancer = d !== null && winner && d.advanced ? explainBalancer(d, nowMs, options.balancerState ?? "this process's state") : null;
  return { request, source, route, authentication, consumer, consumerGroups: groups, aiProxy: winner, balancer, prompts, upstream, verdict, candidates, unsupported, prometheus, notAttached: snapshot.unattachedPlugins ?? [] };
}

/** The verdict when ai-proxy-advanced runs: where the balancer sends the request, or why it cannot. */
function advancedVerdict(winner: PluginRef, d: NonNullable<ReturnType<typeof decide>>): string {
  const adv = d.advanced!;
  const head = `ai-proxy-advanced ${winner.id} (${winner.scope}) runs`;
  if (adv.problem !== null) return `${head}, and answers 500: ${adv.problem}`;
  const next = d.nextTarget;
  if (next === null) return `${head}, and answers 500 (failed to get peer): every target is ejected by the circuit breaker`;
  const t = adv.targets[next.index]!;
  const refuses = t.unsupported ? `, which answers ${t.unsupported.status}: ${t.unsupported.message}` : '';
  return `${head}: the balancer would send it to ${adv.labels[next.index]} (${next.reason})${refuses}; a try that fails by failover_criteria goes to another target (up to ${adv.balancerConfig.retries} retries)`;
}

/** Each enabled plugin the gateway does not run: does it apply to this request (Kong's precedence), and why not. */
function explainUnsupported(u: UnsupportedPlugins, scope: RequestScope, reached: boolean): ExplainReport['unsupported'] {
  return u.names.flatMap((name) => {
    const ex = u.index.explain(name, scope);
    const winner = ex.winner && reached ? [{ ...ref(ex.winner.plugin, ex.winner.scope, ex.winner.level), applies: true, reason: `applies at level ${ex.winner.level} (${ex.winner.scope}): the request is answered 500, not proxied` }] : [];
    const notReached = ex.winner && !reached ? [{ ...ref(ex.winner.plugin, ex.winner.scope, ex.winner.level), applies: false, reason: 'would apply, but the request is answered before plugins run (no route matched, or key-auth rejected it)' }] : [];
    return [...winner, ...notReached, ...ex.losers.map((l) => ({ ...ref(l.plugin, l.scope, l.level), applies: false, reason: l.reason }))];
  });
}

/** What the decorator and the guard that apply do to this request (Kong's order: decorator 772, guard 771). */
function explainPrompts(p: PromptPlugins): ExplainReport['prompts'] {
  const out: (PluginRef & { effect: string })[] = [];
  if (p.decorator) {
    const c = p.decorator.plugin.config as unknown as AiPromptDecoratorConfig;
    const n = (a: readonly unknown[] | null | undefined) => a?.length ?? 0;
    out.push({
      ...ref(p.decorator.plugin, p.decorator.scope, p.decorator.level),
      effect: `prepends ${n(c.prompts?.prepend)} and appends ${n(c.prompts?.append)} chat message(s) before the driver translates the body; a body without messages is answered 400`,
    });
  }
  if (p.guard) {
    const c = p.guard.plugin.config as unknown as AiPromptGuardConfig;
    const roles = c.match_all_roles ? 'messages of every role' : "'user' messages";
    const which = c.allow_all_conversation_history ? `the latest of the ${roles}` : `all ${roles} (newest first)`;
    const n = (a: readonly unknown[] | null | undefined) => a?.length ?? 0;
    out.push({
      ...ref(p.guard.plugin, p.guard.scope, p.guard.level),
      effect: `checks ${which}${p.decorator ? ', after decoration,' : ''} against ${n(c.deny_patterns)} deny and ${n(c.allow_patterns)} allow pattern(s); a refusal is 400 {"error":{"message":"bad request"}}`,
    });
  }
  return out;
}

function kicName(p: Plugin): string {
  const get = (k: string) => p.tags?.find((t) => t.startsWith(`${k}:`))?.slice(k.length + 1);
  const ns = get('k8s-namespace');
  return `${get('k8s-kind')} ${ns ? `${ns}/` : ''}${get('k8s-name')}`;
}
