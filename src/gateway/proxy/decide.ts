// The proxy's decisions for one request, as functions of the compiled snapshot and what the
// request says: which route (Kong's router), who the consumer is (key-auth), which plugins this
// gateway would have to refuse, which ai-proxy or ai-proxy-advanced instance runs (Kong's
// precedence, then Kong's order between the two) and so which driver plan, and where the call goes. The stages call these and answer the client; `explain`
// calls `decide`, which runs the same functions in the same order — so an explanation is what
// the proxy does, never a second copy of it.
import type { Consumer, Plugin } from '../../schemas/entities.js';
import { identifyByKeyAuth, type KeyAuthConfig, type KeyAuthOutcome } from '../consumers/index.js';
import type { Resolution, RequestScope } from '../plugins/precedence.js';
import type { RouteMatch } from '../router/index.js';
import type { Pick as BalancerPick } from '../balancer/types.js';
import type { PreparedAiProxy } from './ai-proxy.js';
import type { PreparedAiProxyAdvanced } from './ai-proxy-advanced.js';
import { pickInput, previewPick } from './balancing.js';
import type { CompiledConfig } from './compiled.js';
import { aiProxyAddress, serviceAddress, type UpstreamAddress } from './upstream-call.js';

/** What the decisions read from a request (the path already normalized). */
export interface RequestFacts {
  readonly method: string;
  readonly path: string;
  /** With its `?`, or ''. */
  readonly query: string;
  /** Lower case, without the port. */
  readonly host: string;
  /** Names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function routeFor(compiled: CompiledConfig, facts: RequestFacts): RouteMatch | null {
  return compiled.router.match({ method: facts.method, host: facts.host, path: facts.path, headers: facts.headers });
}

export interface KeyAuthDecision {
  readonly plugin: Resolution;
  readonly outcome: KeyAuthOutcome;
}

/** key-auth (never consumer-scoped) for the matched route, or null when none applies. */
export function keyAuthFor(compiled: CompiledConfig, match: RouteMatch, facts: RequestFacts): KeyAuthDecision | null {
  if (!compiled.plugins.has('key-auth')) return null;
  const plugin = compiled.plugins.resolve('key-auth', requestScope(match, null, []));
  if (plugin === null) return null;
  const outcome = identifyByKeyAuth(
    { method: facts.method, headers: facts.headers, query: new URLSearchParams(facts.query) },
    plugin.plugin.config as unknown as KeyAuthConfig,
    compiled.consumers,
  );
  return { plugin, outcome };
}

export function requestScope(match: RouteMatch, consumerId: string | null, consumerGroupIds: readonly string[]): RequestScope {
  return { routeId: match.route.id, serviceId: match.service?.id ?? null, consumerId, consumerGroupIds };
}

/** Plugins Kong would run for this request that this gateway does not (the request is refused with 500). */
export function refusedPlugins(compiled: CompiledConfig, scope: RequestScope): readonly Resolution[] {
  return compiled.plugins.unsupported(scope);
}

/** The ai-proxy instance that runs (Kong's precedence), prepared with its driver plan. */
export function aiProxyFor(compiled: CompiledConfig, scope: RequestScope): PreparedAiProxy | null {
  if (!compiled.plugins.has('ai-proxy')) return null;
  const plugin = compiled.plugins.select('ai-proxy', scope);
  return plugin === null ? null : compiled.aiProxy(plugin);
}

/** The ai-proxy-advanced instance that applies (Kong's precedence), prepared with its targets and balancer. */
export function aiProxyAdvancedFor(compiled: CompiledConfig, scope: RequestScope): PreparedAiProxyAdvanced | null {
  if (!compiled.plugins.has('ai-proxy-advanced')) return null;
  const plugin = compiled.plugins.select('ai-proxy-advanced', scope);
  return plugin === null ? null : compiled.aiProxyAdvanced(plugin);
}

export interface AiPlugins {
  /** The ai-proxy that runs (null when ai-proxy-advanced runs, or none applies). */
  readonly ai: PreparedAiProxy | null;
  readonly advanced: PreparedAiProxyAdvanced | null;
  /** An ai-proxy instance that applies but does nothing because ai-proxy-advanced runs. */
  readonly shadowed: Plugin | null;
}

/**
 * Which AI proxy plugin runs. Each name gets one instance by Kong's precedence; when both
 * apply, ai-proxy-advanced runs and ai-proxy does nothing: both have priority 770, Kong orders a
 * priority tie by plugin name, descending (kong/db/dao/plugins.lua), so ai-proxy-advanced's
 * access phase runs first, and Kong's AI filters run once per request (kong/llm/plugin/base.lua
 * `ai_executed_filters`), so ai-proxy's parse and normalize filters, already run, are skipped.
 */
export function aiPluginsFor(compiled: CompiledConfig, scope: RequestScope): AiPlugins {
  const advanced = aiProxyAdvancedFor(compiled, scope);
  if (advanced === null) return { ai: aiProxyFor(compiled, scope), advanced: null, shadowed: null };
  return { ai: null, advanced, shadowed: compiled.plugins.has('ai-proxy') ? compiled.plugins.select('ai-proxy', scope) : null };
}

/** The prometheus instance that counts this request (Kong's precedence; global or scoped), or null. */
export function prometheusFor(compiled: CompiledConfig, scope: RequestScope): Plugin | null {
  if (!compiled.plugins.has('prometheus')) return null;
  return compiled.plugins.select('prometheus', scope);
}

export interface PromptPlugins {
  /** ai-prompt-decorator (Kong priority 772), then ai-prompt-guard (771): both before ai-proxy (770). */
  readonly decorator: Resolution | null;
  readonly guard: Resolution | null;
}

const NO_PROMPTS: PromptPlugins = { decorator: null, guard: null };

/** The ai-prompt-decorator and ai-prompt-guard instances that run for this request (Kong's precedence). */
export function promptPluginsFor(compiled: CompiledConfig, scope: RequestScope): PromptPlugins {
  return { decorator: compiled.plugins.resolve('ai-prompt-decorator', scope), guard: compiled.plugins.resolve('ai-prompt-guard', scope) };
}

/**
 * Why the prompt plugins that apply cannot run on this request (the request is then answered 500,
 * fail closed: a guard silently skipped would let refused prompts through), or null. `ai`: the
 * ai-proxy that runs, or a target of the ai-proxy-advanced that runs (they share the format).
 */
export function promptPluginsProblem(p: PromptPlugins, ai: PreparedAiProxy | null): string | null {
  const applying = [p.decorator, p.guard].filter((x): x is Resolution => x !== null).map((x) => x.plugin);
  const names = applying.map((x) => x.name);
  if (names.length === 0) return null;
  const which = names.map((n) => `'${n}'`).join(' and ');
  const verb = names.length === 1 ? 'is' : 'are';
  if (ai === null)
    return `plugin ${which} ${verb} configured for this request but no ai-proxy or ai-proxy-advanced plugin applies to it; add an ai-proxy or ai-proxy-advanced plugin to the route, or remove ${which}`;
  for (const x of applying) {
    const format = (x.config as { llm_format?: unknown }).llm_format;
    if (format !== undefined && format !== null && format !== 'openai')
      return `plugin '${x.name}' has config.llm_format '${String(format)}', which this gateway does not run; set it to 'openai'`;
  }
  if (ai.plan?.translator.nativeRequest !== undefined)
    return `plugin ${which} ${verb} configured for this request but its ${ai.plugin.name} takes native-format (${ai.config.llm_format}) bodies, which this gateway's ${which} do not inspect; use llm_format 'openai'`;
  return null;
}

/** The query string forwarded upstream once key-auth's hidden credentials are removed. */
export function forwardedQuery(query: string, outcome: KeyAuthOutcome | undefined): string {
  if (outcome === undefined || !outcome.ok || outcome.removeQuery.length === 0) return query;
  const params = new URLSearchParams(query);
  for (const name of outcome.removeQuery) params.delete(name);
  const rest = params.toString();
  return rest === '' ? '' : `?${rest}`;
}

/**
 * Where the call goes, before the body is read: the ai-proxy driver's target (the native
 * operation from the path; auth query credentials not included) or the route's service. Null
 * when the request is not proxied (no service, an ai-proxy the gateway cannot run, a path the
 * native format refuses, no target).
 */
export function upstreamFor(match: RouteMatch, ai: PreparedAiProxy | null, method: string, path: string, query: string): UpstreamAddress | null {
  if (ai === null) return match.service === null ? null : serviceAddress(match.service, match, query);
  const plan = ai.plan;
  if (plan === null) return null;
  const op = plan.translator.operation?.(method, match.strippedPath);
  if (op !== undefined && !op.ok) return null;
  // before the body is read: the stream flag is the path's (native) or unknown (false)
  const target = plan.target({ operation: op?.ok ? op.operation : null, stream: op?.ok ? op.stream : false, model: ai.model.name });
  return 'origin' in target ? aiProxyAddress(target, match, query, path) : null;
}

export interface Decision {
  readonly match: RouteMatch | null;
  readonly keyAuth: KeyAuthDecision | null;
  /** key-auth answered the request itself (401/403). */
  readonly rejected: boolean;
  readonly consumer: Consumer | null;
  readonly consumerGroupIds: readonly string[];
  /** The scope plugins are chosen for (null when no route matched). */
  readonly scope: RequestScope | null;
  readonly refused: readonly Resolution[];
  /** ai-proxy's config, or the ai-proxy-advanced target the request would go to (when known). */
  readonly aiProxy: PreparedAiProxy | null;
  /** The AI proxy plugin that runs: ai-proxy or ai-proxy-advanced. */
  readonly aiProxyPlugin: Plugin | null;
  readonly advanced: PreparedAiProxyAdvanced | null;
  /** ai-proxy-advanced: the balancer's next pick (preview) and why; null when no target is available. */
  readonly nextTarget: BalancerPick | null;
  /** An ai-proxy that applies but does nothing because ai-proxy-advanced runs. */
  readonly shadowedAiProxy: Plugin | null;
  /** ai-prompt-decorator and ai-prompt-guard that run (none when the request is refused first). */
  readonly prompts: PromptPlugins;
  /** Why they cannot run (the request is answered 500), or null. */
  readonly promptProblem: string | null;
  readonly upstream: UpstreamAddress | null;
}

/**
 * Every decision the proxy makes before it reads the body, in the proxy's order. For
 * ai-proxy-advanced the target is the balancer's next pick as of `nowMs`, looked at without
 * taking it (balancing.ts `previewPick`).
 */
export function decide(compiled: CompiledConfig, facts: RequestFacts, nowMs = Date.now()): Decision {
  const none = {
    keyAuth: null, rejected: false, consumer: null, consumerGroupIds: [], scope: null, refused: [], aiProxy: null, aiProxyPlugin: null,
    advanced: null, nextTarget: null, shadowedAiProxy: null, prompts: NO_PROMPTS, promptProblem: null, upstream: null,
  };
  const match = routeFor(compiled, facts);
  if (match === null) return { match, ...none };
  const keyAuth = keyAuthFor(compiled, match, facts);
  if (keyAuth !== null && !keyAuth.outcome.ok) return { ...none, match, keyAuth, rejected: true };
  const consumer = keyAuth?.outcome.ok ? keyAuth.outcome.consumer : null;
  const consumerGroupIds = consumer ? compiled.consumers.groupIdsOf(consumer.id) : [];
  const scope = requestScope(match, consumer?.id ?? null, consumerGroupIds);
  const refused = refusedPlugins(compiled, scope);
  const plugins: AiPlugins = refused.length > 0 ? { ai: null, advanced: null, shadowed: null } : aiPluginsFor(compiled, scope);
  const advanced = plugins.advanced;
  const next = advanced === null ? null : previewPick(advanced, pickInput(facts.headers, ''), nowMs);
  const aiProxy = advanced === null ? plugins.ai : next ? (advanced.targets[next.index] ?? null) : null;
  const prompts = refused.length > 0 ? NO_PROMPTS : promptPluginsFor(compiled, scope);
  const promptProblem = promptPluginsProblem(prompts, aiProxy ?? advanced?.targets[0] ?? null);
  const query = forwardedQuery(facts.query, keyAuth?.outcome);
  const address = refused.length > 0 || promptProblem !== null || advanced?.problem ? null : advanced !== null && aiProxy === null ? null : upstreamFor(match, aiProxy, facts.method, facts.path, query);
  // ai-proxy-advanced's timeouts replace the service's (Kong: kong.service.set_timeouts from config.balancer)
  const upstream = address !== null && advanced !== null ? { ...address, connectTimeoutMs: advanced.balancerConfig.connect_timeout, readTimeoutMs: advanced.balancerConfig.read_timeout, writeTimeoutMs: advanced.balancerConfig.write_timeout } : address;
  return {
    match, keyAuth, rejected: false, consumer, consumerGroupIds, scope, refused, aiProxy,
    aiProxyPlugin: advanced?.plugin ?? aiProxy?.plugin ?? null, advanced, nextTarget: next, shadowedAiProxy: plugins.shadowed,
    prompts, promptProblem, upstream,
  };
}
