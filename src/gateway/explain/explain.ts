// "Why did my request go there?": for one request (method, path, headers, query) against one
// snapshot, the matched route, the consumer key-auth identifies and its groups, the ai-proxy
// instance that will run (id, scope, source) and, for every other ai-proxy instance, why it
// lost. Uses the same router, key-auth decision and precedence index as the proxy.
import type { ConfigSnapshot, UnattachedPlugin } from '../config/snapshot.js';
import type { Plugin } from '../../schemas/entities.js';
import { compileRouter, type Router } from '../router/index.js';
import { compileConsumerIndex, identifyByKeyAuth, type ConsumerIndex, type KeyAuthConfig } from '../consumers/index.js';
import { compilePluginIndex, type PluginIndex, type RequestScope } from '../plugins/precedence.js';

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
  /** The ai-proxy instance that runs, or null (with why). */
  readonly aiProxy: (PluginRef & { readonly source: string }) | null;
  readonly verdict: string;
  readonly candidates: readonly (PluginRef & { readonly reason: string })[];
  /** Plugin objects that apply to no request at all (KIC: named by no konghq.com/plugins annotation), with the fix. */
  readonly notAttached: readonly UnattachedPlugin[];
}

interface Compiled {
  readonly router: Router;
  readonly plugins: PluginIndex;
  readonly consumers: ConsumerIndex;
}

const cache = new WeakMap<ConfigSnapshot, Compiled>();

function compiled(s: ConfigSnapshot): Compiled {
  let c = cache.get(s);
  if (!c) {
    c = { router: compileRouter(s.routes, s.services).router, plugins: compilePluginIndex(s), consumers: compileConsumerIndex(s) };
    cache.set(s, c);
  }
  return c;
}

function ref(p: Plugin, scope: string, level: number | null): PluginRef {
  return {
    id: p.id, name: p.name, instance_name: p.instance_name, scope, level, enabled: p.enabled, tags: p.tags,
    refs: { service: p.service?.id ?? null, route: p.route?.id ?? null, consumer: p.consumer?.id ?? null, consumer_group: p.consumer_group?.id ?? null },
  };
}

export function explainRequest(snapshot: ConfigSnapshot, req: ExplainRequest): ExplainReport {
  const c = compiled(snapshot);
  const url = new URL(req.path, 'http://explain.invalid');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  const host = (req.host ?? headers['host'] ?? 'localhost').toLowerCase().replace(/:\d+$/, '');
  const method = req.method.toUpperCase();
  const source = { kind: snapshot.origin.kind, location: snapshot.origin.location, revision: snapshot.revision };
  const request = { method, path: url.pathname + url.search, host };

  const match = c.router.match({ method, host, path: url.pathname, headers });
  const route = match
    ? { id: match.route.id, name: match.route.name, paths: match.route.paths, service: match.service ? { id: match.service.id, name: match.service.name } : null }
    : null;
  const base: RequestScope = { routeId: match?.route.id ?? null, serviceId: match?.service?.id ?? null, consumerId: null, consumerGroupIds: [] };

  // key-auth (never consumer-scoped) decides who the consumer is.
  let authentication: ExplainReport['authentication'] = { plugin: null, result: 'no key-auth plugin applies' };
  let consumerId: string | null = null;
  let rejected = false;
  const auth = match ? c.plugins.resolve('key-auth', base) : null;
  if (auth) {
    const out = identifyByKeyAuth({ method, headers, query: url.searchParams }, auth.plugin.config as unknown as KeyAuthConfig, c.consumers);
    const pr = ref(auth.plugin, auth.scope, auth.level);
    if (!out.ok) {
      rejected = true;
      authentication = { plugin: pr, result: 'rejected', status: out.status, message: out.body.message, reason: out.reason };
    } else if (!out.consumer) authentication = { plugin: pr, result: 'skipped', reason: 'preflight request and run_on_preflight is false' };
    else {
      consumerId = out.consumer.id;
      authentication = { plugin: pr, result: out.anonymous ? 'anonymous' : 'identified' };
    }
  }
  const consumerEntity = consumerId ? c.consumers.consumer(consumerId) : undefined;
  const consumer = consumerEntity ? { id: consumerEntity.id, username: consumerEntity.username, custom_id: consumerEntity.custom_id } : null;
  const groups = consumerId ? c.consumers.groupsOf(consumerId).map((g) => ({ id: g.id, name: g.name })) : [];

  const scope: RequestScope = { ...base, consumerId, consumerGroupIds: consumerId ? c.consumers.groupIdsOf(consumerId) : [] };
  const ex = c.plugins.explain('ai-proxy', scope);
  const sourceOf = (p: Plugin) => `${snapshot.origin.kind} ${snapshot.origin.location}${p.tags?.some((t) => t.startsWith('k8s-kind:')) ? ` (${kicName(p)})` : ''}`;
  const winner = ex.winner && match && !rejected ? { ...ref(ex.winner.plugin, ex.winner.scope, ex.winner.level), source: sourceOf(ex.winner.plugin) } : null;
  const candidates = ex.losers.map((l) => ({ ...ref(l.plugin, l.scope, l.level), reason: l.reason }));
  if (ex.winner && !winner) {
    const why = !match ? 'no route matched, so Kong runs no plugin' : 'key-auth rejected the request first';
    candidates.unshift({ ...ref(ex.winner.plugin, ex.winner.scope, ex.winner.level), reason: `would win at level ${ex.winner.level} (${ex.winner.scope}), but ${why}` });
  }
  const verdict = !match
    ? `404 {"message":"no Route matched with those values"}: no route matches ${method} ${host}${url.pathname}`
    : rejected && authentication.plugin
      ? `${'status' in authentication ? authentication.status : 401} {"message":"${'message' in authentication ? authentication.message : ''}"}: key-auth rejected the request (${'reason' in authentication ? authentication.reason : ''})`
      : winner
        ? `ai-proxy ${winner.id} (${winner.scope}) runs`
        : 'no ai-proxy instance applies: the request is proxied to the route\'s service unchanged';
  return { request, source, route, authentication, consumer, consumerGroups: groups, aiProxy: winner, verdict, candidates, notAttached: snapshot.unattachedPlugins ?? [] };
}

function kicName(p: Plugin): string {
  const get = (k: string) => p.tags?.find((t) => t.startsWith(`${k}:`))?.slice(k.length + 1);
  const ns = get('k8s-namespace');
  return `${get('k8s-kind')} ${ns ? `${ns}/` : ''}${get('k8s-name')}`;
}
