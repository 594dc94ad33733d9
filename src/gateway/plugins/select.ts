// Which plugin instances run for a request: a thin seam over Kong's precedence index
// (precedence.ts), compiled once per snapshot. The proxy asks only through this module.
import type { Plugin } from '../../schemas/entities.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { compilePluginIndex, type RequestScope } from './precedence.js';

export interface PluginSelector {
  /** The one instance of `name` that runs for this request, or null. */
  select(name: string, scope: RequestScope): Plugin | null;
  /** Whether any enabled instance of `name` exists (lets the proxy skip whole stages). */
  has(name: string): boolean;
}

export function compilePluginSelector(snapshot: Pick<ConfigSnapshot, 'plugins' | 'consumerGroups' | 'routes' | 'services' | 'consumers'>): PluginSelector {
  const index = compilePluginIndex(snapshot);
  const names = new Set(snapshot.plugins.filter((p) => p.enabled).map((p) => p.name));
  return {
    select: (name, scope) => (names.has(name) ? (index.resolve(name, scope)?.plugin ?? null) : null),
    has: (name) => names.has(name),
  };
}

export type { RequestScope };
