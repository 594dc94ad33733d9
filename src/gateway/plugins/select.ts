// Which plugin instances run for a request: a thin seam over Kong's precedence index
// (precedence.ts), compiled once per snapshot. The proxy asks only through this module.
import type { Plugin } from '../../schemas/entities.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { compilePluginIndex, type Explanation, type RequestScope, type Resolution } from './precedence.js';
import { compileUnsupported, type UnsupportedPlugins } from './unsupported.js';

export interface PluginSelector {
  /** The one instance of `name` that runs for this request, or null. */
  select(name: string, scope: RequestScope): Plugin | null;
  /** The same, with the scope and precedence level it won at. */
  resolve(name: string, scope: RequestScope): Resolution | null;
  /** Every instance of `name`: the winner and why each other one lost (explain). */
  explain(name: string, scope: RequestScope): Explanation;
  /** Whether any enabled instance of `name` exists (lets the proxy skip whole stages). */
  has(name: string): boolean;
  /** Plugins Kong would run for this request that this gateway does not (the request must fail). */
  unsupported(scope: RequestScope): readonly Resolution[];
  /** Every instance Kong would run on HTTP traffic that this gateway does not. */
  readonly unsupportedInstances: readonly Plugin[];
  /** Those instances with their own precedence index (explain walks it). */
  readonly unsupportedPlugins: UnsupportedPlugins;
}

export function compilePluginSelector(snapshot: Pick<ConfigSnapshot, 'plugins' | 'consumerGroups' | 'routes' | 'services' | 'consumers'>): PluginSelector {
  const index = compilePluginIndex(snapshot);
  const names = new Set(snapshot.plugins.filter((p) => p.enabled).map((p) => p.name));
  const unsupported: UnsupportedPlugins = compileUnsupported(snapshot);
  return {
    select: (name, scope) => (names.has(name) ? (index.resolve(name, scope)?.plugin ?? null) : null),
    resolve: (name, scope) => (names.has(name) ? index.resolve(name, scope) : null),
    explain: (name, scope) => index.explain(name, scope),
    has: (name) => names.has(name),
    unsupported: (scope) => unsupported.applying(scope),
    unsupportedInstances: unsupported.instances,
    unsupportedPlugins: unsupported,
  };
}

export type { Explanation, RequestScope, Resolution };
