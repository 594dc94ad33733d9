// One balancer per ai-proxy-advanced plugin instance in this process (a worker), kept across
// snapshot rebuilds while the instance's config is unchanged — Kong keeps balancer state on an
// unchanged reconfigure (3.14.0.5) and starts afresh when the instance changes — and dropped
// when the instance leaves the configuration. A config the balancer refuses (`semantic` until a
// vector store is wired) is kept as its clear message instead.
import { isSafeError } from '../../common/index.js';
import type { Plugin } from '../../schemas/entities.js';
import { createBalancer } from '../balancer/index.js';
import type { Balancer, BalancerConfig, BalancerTarget } from '../balancer/types.js';

export type BalancerFactory = (config: BalancerConfig, targets: readonly BalancerTarget[]) => Balancer;

/** The proxy's times are Date.now() milliseconds (ejections are shown as wall-clock times). */
const wallClockBalancer: BalancerFactory = (config, targets) => createBalancer(config, targets, Date.now);

/** Circuit-breaker transitions already reported: per target, the ejection end last logged (null: healthy). */
export interface BalancerMemory {
  readonly ejectedUntil: (number | null)[];
}

interface Entry {
  readonly fingerprint: string;
  readonly balancer: Balancer | null;
  readonly problem: string | null;
  readonly memory: BalancerMemory;
}

const entries = new Map<string, Entry>();
let factory: BalancerFactory = wallClockBalancer;

/** Replaces the balancer implementation (tests: a spy); every balancer is built anew. */
export function useBalancerFactory(f: BalancerFactory = wallClockBalancer): void {
  if (factory !== f) entries.clear();
  factory = f;
}

/** Forgets every balancer (tests; a process normally keeps them for its lifetime). */
export function forgetBalancers(): void {
  entries.clear();
}

/** The balancer of `plugin`: the existing one while its config is unchanged, else a new one. */
export function balancerFor(plugin: Plugin, config: BalancerConfig, targets: readonly BalancerTarget[]): Omit<Entry, 'fingerprint'> {
  const fingerprint = JSON.stringify(plugin.config);
  const known = entries.get(plugin.id);
  if (known !== undefined && known.fingerprint === fingerprint) return known;
  const entry = build(fingerprint, config, targets);
  entries.set(plugin.id, entry);
  return entry;
}

function build(fingerprint: string, config: BalancerConfig, targets: readonly BalancerTarget[]): Entry {
  const memory: BalancerMemory = { ejectedUntil: targets.map(() => null) };
  try {
    return { fingerprint, balancer: factory(config, targets), problem: null, memory };
  } catch (err) {
    // a SafeError is the balancer's own message for a configuration it refuses (semantic); anything else is a bug
    if (!isSafeError(err)) throw err;
    return { fingerprint, balancer: null, problem: err.message, memory };
  }
}

/** Drops the balancers of instances no longer configured (called with each new snapshot). */
export function retainBalancers(pluginIds: ReadonlySet<string>): void {
  for (const id of entries.keys()) if (!pluginIds.has(id)) entries.delete(id);
}
