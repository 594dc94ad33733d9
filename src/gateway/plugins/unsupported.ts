// Plugins Kong knows but this gateway does not run (anything but ai-proxy, ai-proxy-advanced,
// key-auth, ai-rate-limiting-advanced, ai-prompt-decorator, ai-prompt-guard and prometheus). Kong
// would run them, so a request they apply to must not be proxied as if they were absent: the
// proxy answers 500 naming them instead (fail closed), other requests are unaffected. "Apply" is
// Kong's own rule: the enabled instances, scoped and ranked by the precedence index, so a
// route-scoped one stops only that route and a global one every route; `enabled: false` is
// ignored, as Kong ignores it, and so is an instance whose protocols are all stream ones (tcp,
// tls, udp: Kong's plugins iterator loads it only in the stream subsystem, which this gateway
// does not serve).
import type { Plugin } from '../../schemas/entities.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { compilePluginIndex, levelOf, type PluginIndex, type RequestScope, type Resolution } from './precedence.js';

/** The plugins this gateway executes; every other name Kong knows fails closed. */
export const EXECUTED_PLUGINS: ReadonlySet<string> = new Set(['ai-proxy', 'ai-proxy-advanced', 'key-auth', 'ai-rate-limiting-advanced', 'ai-prompt-decorator', 'ai-prompt-guard', 'prometheus']);

/** Protocols Kong serves in its http subsystem (kong/constants.lua, plus Enterprise's ws/wss). */
const HTTP_SUBSYSTEM = new Set(['http', 'https', 'grpc', 'grpcs', 'ws', 'wss']);

/** Kong's `should_process_plugin` for the http subsystem, for a plugin this gateway does not run. */
function wouldRun(p: Plugin): boolean {
  return p.enabled && !EXECUTED_PLUGINS.has(p.name) && (p.protocols ?? ['http']).some((x) => HTTP_SUBSYSTEM.has(x));
}

export interface UnsupportedPlugins {
  /** Instances Kong would run on HTTP traffic that this gateway does not, in configuration order. */
  readonly instances: readonly Plugin[];
  /** The precedence index over those instances only (what `explain` walks). */
  readonly index: PluginIndex;
  /** The names among them, sorted. */
  readonly names: readonly string[];
  /** Those that apply to this request (one per plugin name, Kong's precedence), by name. */
  applying(scope: RequestScope): readonly Resolution[];
}

type Entities = Pick<ConfigSnapshot, 'plugins' | 'routes' | 'services' | 'consumers' | 'consumerGroups'>;
const NONE: readonly Resolution[] = Object.freeze([]);

export function compileUnsupported(snapshot: Entities): UnsupportedPlugins {
  const instances = snapshot.plugins.filter(wouldRun);
  const names = [...new Set(instances.map((p) => p.name))].sort();
  const index = compilePluginIndex({ ...snapshot, plugins: instances });
  return {
    instances,
    index,
    names,
    applying(scope) {
      if (names.length === 0) return NONE; // the common case: nothing to check, nothing allocated
      const out: Resolution[] = [];
      for (const name of names) {
        const hit = index.resolve(name, scope);
        if (hit) out.push(hit);
      }
      return out;
    },
  };
}

/** The client-facing message (the 500 body) for the plugins that stopped a request. */
export function unsupportedMessage(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`).join(', ');
  return names.length === 1
    ? `plugin ${quoted} is configured for this request but not supported by this gateway`
    : `plugins ${quoted} are configured for this request but not supported by this gateway`;
}

/** Where an instance applies, by ids ("route <id> + consumer <id>", "global"), for log lines. */
export function scopeOf(p: Plugin): string {
  const parts: string[] = [];
  if (p.consumer) parts.push(`consumer ${p.consumer.id}`);
  if (p.consumer_group) parts.push(`consumer group ${p.consumer_group.id}`);
  if (p.route) parts.push(`route ${p.route.id}`);
  if (p.service) parts.push(`service ${p.service.id}`);
  return parts.length === 0 ? 'global' : parts.join(' + ');
}

/** One refused plugin as /status lists it: where it applies, by id and name. */
export interface UnsupportedPluginInfo {
  readonly name: string;
  readonly id: string;
  readonly instance_name: string | null;
  /** Kong's words: "route", "consumer + service", "global". */
  readonly scope: string;
  readonly route: { readonly id: string; readonly name: string | null } | null;
  readonly service: { readonly id: string; readonly name: string | null } | null;
  readonly consumer: { readonly id: string; readonly username: string | null } | null;
  readonly consumer_group: { readonly id: string; readonly name: string | null } | null;
  readonly effect: string;
}

/** Every instance Kong would run on HTTP traffic that this gateway does not, for GET /status. */
export function listUnsupported(s: Entities): UnsupportedPluginInfo[] {
  const find = <T extends { id: string }>(items: readonly T[], ref: { id: string } | null) => (ref ? (items.find((i) => i.id === ref.id) ?? null) : null);
  return s.plugins
    .filter(wouldRun)
    .map((p) => {
      const route = p.route ? { id: p.route.id, name: find(s.routes, p.route)?.name ?? null } : null;
      const service = p.service ? { id: p.service.id, name: find(s.services, p.service)?.name ?? null } : null;
      const consumer = p.consumer ? { id: p.consumer.id, username: find(s.consumers, p.consumer)?.username ?? null } : null;
      const group = p.consumer_group ? { id: p.consumer_group.id, name: find(s.consumerGroups, p.consumer_group)?.name ?? null } : null;
      const level = levelOf(p);
      return {
        name: p.name,
        id: p.id,
        instance_name: p.instance_name,
        scope: level?.scope ?? scopeOf(p),
        route,
        service,
        consumer,
        consumer_group: group,
        effect: level
          ? `requests it applies to (${level.scope === 'global' ? 'every route' : level.scope}) are answered 500 and not proxied`
          : `none: its scope is not one of Kong's precedence levels, so Kong never runs it`,
      };
    });
}

/** "route 'hf-route'", "consumer 'alice' + service 'llm'", "global": where a listed plugin applies, by name. */
export function whereLabel(u: UnsupportedPluginInfo): string {
  const parts: string[] = [];
  if (u.consumer) parts.push(`consumer '${u.consumer.username ?? u.consumer.id}'`);
  if (u.consumer_group) parts.push(`consumer group '${u.consumer_group.name ?? u.consumer_group.id}'`);
  if (u.route) parts.push(`route '${u.route.name ?? u.route.id}'`);
  if (u.service) parts.push(`service '${u.service.name ?? u.service.id}'`);
  return parts.length === 0 ? 'global' : parts.join(' + ');
}
