// Kong's plugin precedence: when several instances of the same plugin could apply to a request,
// exactly one runs, chosen by the 12 levels of Kong's documented order (reference ai-proxy.md
// section 6). The index is compiled once per snapshot; resolving is a fixed number of map
// lookups (at most 12 plus one per consumer group of the consumer), so its cost does not grow
// with the number of plugins. `explain` walks every instance to say why each one lost.
import type { ConfigSnapshot } from '../config/snapshot.js';
import type { Plugin } from '../../schemas/entities.js';

/** Which refs a level needs, highest precedence first. Kong's wording, quoted order. */
export const PRECEDENCE_LEVELS = [
  { level: 1, scope: 'consumer + route + service', consumer: true, group: false, route: true, service: true },
  { level: 2, scope: 'consumer group + service + route', consumer: false, group: true, route: true, service: true },
  { level: 3, scope: 'consumer + route', consumer: true, group: false, route: true, service: false },
  { level: 4, scope: 'consumer + service', consumer: true, group: false, route: false, service: true },
  { level: 5, scope: 'consumer group + route', consumer: false, group: true, route: true, service: false },
  { level: 6, scope: 'consumer group + service', consumer: false, group: true, route: false, service: true },
  { level: 7, scope: 'route + service', consumer: false, group: false, route: true, service: true },
  { level: 8, scope: 'consumer', consumer: true, group: false, route: false, service: false },
  { level: 9, scope: 'consumer group', consumer: false, group: true, route: false, service: false },
  { level: 10, scope: 'route', consumer: false, group: false, route: true, service: false },
  { level: 11, scope: 'service', consumer: false, group: false, route: false, service: true },
  { level: 12, scope: 'global', consumer: false, group: false, route: false, service: false },
] as const;

export type PrecedenceLevel = (typeof PRECEDENCE_LEVELS)[number];

/** What the request resolved to before plugins are chosen. */
export interface RequestScope {
  readonly routeId: string | null;
  /** The matched route's service (a service-scoped plugin applies to that service's routes). */
  readonly serviceId: string | null;
  readonly consumerId: string | null;
  /** The consumer's group ids, any order (ties between groups go by group name). */
  readonly consumerGroupIds: readonly string[];
}

export interface Resolution {
  readonly plugin: Plugin;
  readonly level: number;
  readonly scope: string;
}

export interface Candidate {
  readonly plugin: Plugin;
  /** The level its refs put it at, or null for a combination Kong never runs. */
  readonly level: number | null;
  readonly scope: string;
  readonly reason: string;
}

export interface Explanation {
  readonly winner: Resolution | null;
  /** Every other instance of the plugin name, with why it did not run. */
  readonly losers: readonly Candidate[];
}

export interface PluginIndex {
  resolve(pluginName: string, request: RequestScope): Resolution | null;
  explain(pluginName: string, request: RequestScope): Explanation;
}

type IndexInput = Pick<ConfigSnapshot, 'plugins' | 'consumerGroups' | 'routes' | 'services' | 'consumers'>;

// Instances keyed route -> service -> consumer -> group ('' for an absent ref). Nested maps
// rather than one concatenated string key, so a lookup allocates nothing.
type ScopeTree = Map<string, Map<string, Map<string, Map<string, Plugin>>>>;

function lookup(tree: ScopeTree, r: string | null, s: string | null, c: string | null, g: string | null): Plugin | undefined {
  return tree.get(r ?? '')?.get(s ?? '')?.get(c ?? '')?.get(g ?? '');
}

/** Inserts unless that exact scope is taken (the first instance wins); true if inserted. */
function insert(tree: ScopeTree, p: Plugin): boolean {
  const child = <V>(m: Map<string, V>, k: string, make: () => V): V => {
    let v = m.get(k);
    if (v === undefined) m.set(k, (v = make()));
    return v;
  };
  const byService = child(tree, p.route?.id ?? '', () => new Map());
  const byConsumer = child(byService, p.service?.id ?? '', () => new Map());
  const byGroup = child(byConsumer, p.consumer?.id ?? '', () => new Map<string, Plugin>());
  const g = p.consumer_group?.id ?? '';
  if (byGroup.has(g)) return false;
  byGroup.set(g, p);
  return true;
}

/** The level a plugin's refs put it at, or undefined when Kong has no such level. */
export function levelOf(plugin: Plugin): PrecedenceLevel | undefined {
  return PRECEDENCE_LEVELS.find(
    (l) =>
      l.consumer === (plugin.consumer !== null) &&
      l.group === (plugin.consumer_group !== null) &&
      l.route === (plugin.route !== null) &&
      l.service === (plugin.service !== null),
  );
}

function scopeWords(plugin: Plugin): string {
  const parts: string[] = [];
  if (plugin.consumer) parts.push('consumer');
  if (plugin.consumer_group) parts.push('consumer group');
  if (plugin.route) parts.push('route');
  if (plugin.service) parts.push('service');
  return parts.length === 0 ? 'global' : parts.join(' + ');
}

export function compilePluginIndex(input: IndexInput): PluginIndex {
  // name -> scope tree of the enabled instances Kong would run
  const byName = new Map<string, ScopeTree>();
  const all = new Map<string, Plugin[]>();
  for (const plugin of input.plugins) {
    let list = all.get(plugin.name);
    if (!list) all.set(plugin.name, (list = []));
    list.push(plugin);
    if (!plugin.enabled || !levelOf(plugin)) continue;
    let keyed = byName.get(plugin.name);
    if (!keyed) byName.set(plugin.name, (keyed = new Map()));
    insert(keyed, plugin);
  }
  const groupName = new Map(input.consumerGroups.map((g) => [g.id, g.name] as const));
  const label = labeller(input);

  // Sorted group lists are cached per input array: the consumer index hands out the same array
  // for every request of a consumer, so the hot path does not sort or allocate.
  const sortedCache = new WeakMap<readonly string[], readonly string[]>();
  const sortedGroups = (ids: readonly string[]): readonly string[] => {
    if (ids.length < 2) return ids;
    let sorted = sortedCache.get(ids);
    if (!sorted) {
      sorted = [...ids].sort((a, b) => codePointOrder(groupName.get(a) ?? a, groupName.get(b) ?? b));
      sortedCache.set(ids, sorted);
    }
    return sorted;
  };

  function resolve(pluginName: string, req: RequestScope): Resolution | null {
    const keyed = byName.get(pluginName);
    if (!keyed) return null;
    const groups = req.consumerId ? sortedGroups(req.consumerGroupIds) : [];
    for (const l of PRECEDENCE_LEVELS) {
      if ((l.route && !req.routeId) || (l.service && !req.serviceId) || (l.consumer && !req.consumerId)) continue;
      const r = l.route ? req.routeId : null;
      const s = l.service ? req.serviceId : null;
      const c = l.consumer ? req.consumerId : null;
      if (l.group) {
        for (const g of groups) {
          const hit = lookup(keyed, r, s, null, g);
          if (hit) return { plugin: hit, level: l.level, scope: l.scope };
        }
      } else {
        const hit = lookup(keyed, r, s, c, null);
        if (hit) return { plugin: hit, level: l.level, scope: l.scope };
      }
    }
    return null;
  }

  function whyNot(p: Plugin, req: RequestScope, winner: Resolution | null): string {
    if (!p.enabled) return 'disabled (enabled: false); Kong skips it as if it were absent';
    const level = levelOf(p);
    if (!level) return `its scope (${scopeWords(p)}) is not one of Kong's 12 precedence levels, so it never runs`;
    if (p.route && p.route.id !== req.routeId)
      return req.routeId
        ? `scoped to ${label('route', p.route.id)}, but the request matched ${label('route', req.routeId)}`
        : `scoped to ${label('route', p.route.id)}, but the request matched no route`;
    if (p.service && p.service.id !== req.serviceId)
      return req.serviceId
        ? `scoped to ${label('service', p.service.id)}, but the matched route belongs to ${label('service', req.serviceId)}`
        : `scoped to ${label('service', p.service.id)}, but the matched route has no service`;
    if (p.consumer && p.consumer.id !== req.consumerId)
      return req.consumerId
        ? `scoped to ${label('consumer', p.consumer.id)}, but the request was identified as ${label('consumer', req.consumerId)}`
        : `scoped to ${label('consumer', p.consumer.id)}, but no consumer was identified (no auth plugin ran, or no credential was sent)`;
    if (p.consumer_group) {
      if (!req.consumerId)
        return `scoped to ${label('consumer_group', p.consumer_group.id)}, but no consumer was identified (no auth plugin ran, or no credential was sent)`;
      if (!req.consumerGroupIds.includes(p.consumer_group.id))
        return `scoped to ${label('consumer_group', p.consumer_group.id)}, but ${label('consumer', req.consumerId)} is not a member`;
    }
    if (!winner) return 'applies, but did not win (internal inconsistency)';
    if (level.level > winner.level)
      return `applies at level ${level.level} (${level.scope}), but the winner is at level ${winner.level} (${winner.scope}), which ranks higher`;
    if (level.level === winner.level && p.consumer_group && winner.plugin.consumer_group)
      return `applies at the same level ${level.level} (${level.scope}), but consumer groups tie-break by name: ${label('consumer_group', winner.plugin.consumer_group.id)} sorts before ${label('consumer_group', p.consumer_group.id)}`;
    return `has the same scope as the winner (${level.scope}); the first instance in the configuration wins (Kong would refuse the duplicate)`;
  }

  function explain(pluginName: string, req: RequestScope): Explanation {
    const winner = resolve(pluginName, req);
    const losers: Candidate[] = [];
    for (const p of all.get(pluginName) ?? []) {
      if (winner && p === winner.plugin) continue;
      const level = levelOf(p);
      losers.push({ plugin: p, level: level?.level ?? null, scope: level?.scope ?? scopeWords(p), reason: whyNot(p, req, winner) });
    }
    losers.sort((a, b) => (a.level ?? 99) - (b.level ?? 99));
    return { winner, losers };
  }

  return { resolve, explain };
}

/** Plain code-point order, so the tie-break never depends on the host's locale. */
const codePointOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `route 'chat' (id)` where a name is known, else the id alone. */
function labeller(input: IndexInput): (kind: 'route' | 'service' | 'consumer' | 'consumer_group', id: string) => string {
  const names = new Map<string, string | null>();
  for (const r of input.routes) names.set(`route:${r.id}`, r.name);
  for (const s of input.services) names.set(`service:${s.id}`, s.name);
  for (const c of input.consumers) names.set(`consumer:${c.id}`, c.username ?? c.custom_id);
  for (const g of input.consumerGroups) names.set(`consumer_group:${g.id}`, g.name);
  return (kind, id) => {
    const name = names.get(`${kind}:${id}`);
    const word = kind === 'consumer_group' ? 'consumer group' : kind;
    return name ? `${word} '${name}' (${id})` : `${word} ${id}`;
  };
}
