// Everything the request path needs from one snapshot, compiled once when the snapshot arrives:
// the router, the plugin selector, the consumer index and the prepared ai-proxy and
// ai-proxy-advanced instances (their balancers kept across snapshots while unchanged); and a
// log that says a thing once per snapshot (a plugin refused on every request is logged once).
import type { Plugin } from '../../schemas/entities.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { compileConsumerIndex, type ConsumerIndex } from '../consumers/index.js';
import { compilePluginSelector, type PluginSelector } from '../plugins/select.js';
import { compileRouter, type Router } from '../router/index.js';
import { prepareAiProxy, type PreparedAiProxy } from './ai-proxy.js';
import { prepareAiProxyAdvanced, type PreparedAiProxyAdvanced } from './ai-proxy-advanced.js';
import { retainBalancers } from './balancers.js';

export interface CompiledConfig {
  readonly snapshot: ConfigSnapshot;
  readonly router: Router;
  readonly plugins: PluginSelector;
  readonly consumers: ConsumerIndex;
  aiProxy(plugin: Plugin): PreparedAiProxy;
  aiProxyAdvanced(plugin: Plugin): PreparedAiProxyAdvanced;
  /** The enabled ai-proxy-advanced instances, by plugin id (their balancers' state: metrics, status). */
  readonly advanced: ReadonlyMap<string, PreparedAiProxyAdvanced>;
  /** Logs `message` the first time `key` is seen for this snapshot (never a secret). */
  logOnce(key: string, message: string): void;
}

const compiledSnapshots = new WeakMap<ConfigSnapshot, CompiledConfig>();
/** Snapshots whose unrunnable ai-proxy instances were logged (a snapshot may be compiled twice at start). */
const reported = new WeakSet<ConfigSnapshot>();

/**
 * The compiled form of `snapshot`: the proxy's own when it has compiled that snapshot, so
 * `explain` decides with exactly the router, indexes and driver plans requests use.
 */
export function compiledFor(snapshot: ConfigSnapshot): CompiledConfig {
  return compiledSnapshots.get(snapshot) ?? compileConfig(snapshot);
}

export function compileConfig(snapshot: ConfigSnapshot, log: (message: string) => void = () => {}): CompiledConfig {
  const compiled = compile(snapshot, log);
  compiledSnapshots.set(snapshot, compiled);
  return compiled;
}

function compile(snapshot: ConfigSnapshot, log: (message: string) => void): CompiledConfig {
  const logged = new Set<string>();
  const { router } = compileRouter(snapshot.routes, snapshot.services);
  const prepared = new Map<string, PreparedAiProxy>();
  for (const p of snapshot.plugins) if (p.name === 'ai-proxy' && p.enabled) prepared.set(p.id, prepareAiProxy(p));
  const advanced = new Map<string, PreparedAiProxyAdvanced>();
  retainBalancers(new Set(snapshot.plugins.filter((p) => p.name === 'ai-proxy-advanced').map((p) => p.id)));
  for (const p of snapshot.plugins) if (p.name === 'ai-proxy-advanced' && p.enabled) advanced.set(p.id, prepareAiProxyAdvanced(p));
  // a configuration this gateway cannot run is said once per snapshot at load, not only per request (never a secret: the messages name fields)
  if (!reported.has(snapshot)) {
    reported.add(snapshot);
    for (const [id, a] of prepared) if (a.unsupported?.status === 500) log(`ai-proxy ${id}: ${a.unsupported.message}; its requests are answered 500 until that is changed`);
    for (const [id, a] of advanced) {
      if (a.problem !== null) log(`ai-proxy-advanced ${id}: ${a.problem}; its requests are answered 500 until that is changed`);
      a.targets.forEach((t, i) => {
        if (t.unsupported?.status === 500) log(`ai-proxy-advanced ${id} ${a.labels[i]}: ${t.unsupported.message.replace('config.model', `config.targets[${i}].model`)}; requests sent to this target are answered 500 (or passed to another target on a retry)`);
      });
    }
  }
  return {
    snapshot,
    router,
    plugins: compilePluginSelector(snapshot),
    consumers: compileConsumerIndex(snapshot),
    aiProxy: (plugin) => prepared.get(plugin.id) ?? prepareAiProxy(plugin),
    aiProxyAdvanced: (plugin) => advanced.get(plugin.id) ?? prepareAiProxyAdvanced(plugin),
    advanced,
    logOnce(key, message) {
      if (logged.has(key)) return;
      logged.add(key);
      log(message);
    },
  };
}
