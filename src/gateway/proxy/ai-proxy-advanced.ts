// An ai-proxy-advanced plugin instance prepared for the request path, once per snapshot: each
// of its targets prepared exactly like an ai-proxy config (its driver's plan, any provider; the
// plugin's llm_format, response_streaming, max_request_body_size and model_name_header apply
// to every target, as Kong passes them down), its failover policy and timeouts, and its
// balancer — kept across snapshots while the instance's config is unchanged (balancers.ts).
import type { Plugin } from '../../schemas/entities.js';
import type { Balancer, BalancerConfig, BalancerTarget } from '../balancer/types.js';
import { prepareAiProxy, type PreparedAiProxy } from './ai-proxy.js';
import { balancerFor, type BalancerMemory } from './balancers.js';
import { failoverPolicy, type FailoverPolicy } from './failover.js';

/** The slice of an ai-proxy-advanced target this gateway reads (Kong's schema; defaults filled by src/schemas). */
export interface AdvancedTargetConfig {
  readonly route_type: string;
  readonly model: { readonly provider: string; readonly name?: string | null; readonly options?: Record<string, unknown> | null };
  readonly auth?: Record<string, unknown> | null;
  readonly logging?: { readonly log_statistics?: boolean | null; readonly log_payloads?: boolean | null } | null;
  readonly weight?: number | null;
  readonly description?: string | null;
}

/** The slice of ai-proxy-advanced's `config` this gateway reads. */
export interface AdvancedConfig {
  readonly targets: readonly AdvancedTargetConfig[];
  readonly balancer: BalancerConfig;
  readonly llm_format?: string | null;
  readonly response_streaming?: string | null;
  readonly max_request_body_size?: number | null;
  readonly model_name_header?: boolean | null;
  readonly genai_category?: string | null;
}

export interface PreparedAiProxyAdvanced {
  readonly plugin: Plugin;
  readonly config: AdvancedConfig;
  /** One prepared ai-proxy per target, in `config.targets` order (index = target index). */
  readonly targets: readonly PreparedAiProxy[];
  /** "targets[1] openai/gpt-4o", for logs and explain. */
  readonly labels: readonly string[];
  /** Null when the balancer cannot be built (`semantic`): `problem` says why. */
  readonly balancer: Balancer | null;
  /** The clear configuration error requests are answered 500 with, or null. */
  readonly problem: string | null;
  /** Circuit-breaker transitions already reported, kept with the balancer. */
  readonly memory: BalancerMemory;
  readonly policy: FailoverPolicy;
  readonly balancerConfig: BalancerConfig;
}

/** The ai-proxy config a target stands for: the target's route_type, model, auth, logging, and the plugin's format settings. */
function targetConfig(config: AdvancedConfig, t: AdvancedTargetConfig): Record<string, unknown> {
  return {
    route_type: t.route_type,
    model: t.model,
    auth: t.auth ?? null,
    logging: t.logging ?? null,
    llm_format: config.llm_format ?? 'openai',
    response_streaming: config.response_streaming ?? 'allow',
    max_request_body_size: config.max_request_body_size ?? 0,
    model_name_header: config.model_name_header ?? true,
    genai_category: config.genai_category ?? 'text/generation',
  };
}

export function targetLabel(t: AdvancedTargetConfig, index: number): string {
  return `targets[${index}] ${t.model.provider}/${t.model.name ?? '(client model)'}`;
}

export function prepareAiProxyAdvanced(plugin: Plugin): PreparedAiProxyAdvanced {
  const config = plugin.config as unknown as AdvancedConfig;
  // The synthesized instance keeps the ai-proxy-advanced plugin's id, name and scope: logs and
  // the analytics line name the plugin that runs.
  const targets = config.targets.map((t) => prepareAiProxy({ ...plugin, config: targetConfig(config, t) } as Plugin));
  const balancerTargets: BalancerTarget[] = config.targets.map((t, index) => ({ index, weight: t.weight ?? 100, label: `${t.model.provider}/${t.model.name ?? ''}` }));
  const built = balancerFor(plugin, config.balancer, balancerTargets);
  return {
    plugin,
    config,
    targets,
    labels: config.targets.map(targetLabel),
    balancer: built.balancer,
    problem: built.problem,
    memory: built.memory,
    policy: failoverPolicy(config.balancer.failover_criteria),
    balancerConfig: config.balancer,
  };
}
