// Everything the request path needs from one snapshot, compiled once when the snapshot arrives:
// the router, the plugin selector, the consumer index and the prepared ai-proxy instances.
import type { Plugin } from '../../schemas/entities.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { compileConsumerIndex, type ConsumerIndex } from '../consumers/index.js';
import { compilePluginSelector, type PluginSelector } from '../plugins/select.js';
import { compileRouter, type Router } from '../router/index.js';
import { prepareAiProxy, type PreparedAiProxy } from './ai-proxy.js';

export interface CompiledConfig {
  readonly snapshot: ConfigSnapshot;
  readonly router: Router;
  readonly plugins: PluginSelector;
  readonly consumers: ConsumerIndex;
  aiProxy(plugin: Plugin): PreparedAiProxy;
}

export function compileConfig(snapshot: ConfigSnapshot): CompiledConfig {
  const { router } = compileRouter(snapshot.routes, snapshot.services);
  const prepared = new Map<string, PreparedAiProxy>();
  for (const p of snapshot.plugins) if (p.name === 'ai-proxy' && p.enabled) prepared.set(p.id, prepareAiProxy(p));
  return {
    snapshot,
    router,
    plugins: compilePluginSelector(snapshot),
    consumers: compileConsumerIndex(snapshot),
    aiProxy: (plugin) => prepared.get(plugin.id) ?? prepareAiProxy(plugin),
  };
}
