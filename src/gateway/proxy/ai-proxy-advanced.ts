// An ai-proxy-advanced plugin instance prepared for the request path, once per snapshot: each
// of its targets prepared exactly like an ai-proxy config (its driver's plan, any provider; the
// plugin's llm_format, response_streaming, max_request_body_size and model_name_header apply
// to every target, as Kong passes them down), its failover policy and timeouts, and its
// balancer — kept across snapshots while the instance's config is unchanged (balancers.ts).
import type { Plugin } from '../../schemas/entities.js';
import { balancerOf, type AiProxyAdvancedConfig, type AiProxyAdvancedTarget } from '../../schemas/index.js';
import type { Balancer, BalancerConfig, BalancerTarget } from '../balancer/types.js';
import { prepareAiProxy, type PreparedAiProxy } from './ai-proxy.js';
import { balancerFor, type BalancerMemory } from './balancers.js';
import { failoverPolicy, type FailoverPolicy } from './failover.js';

export interface PreparedAiProxyAdvanced {
  readonly plugin: Plugin;
  readonly config: AiProxyAdvancedConfig;
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
function targetConfig(config: AiProxyAdvancedConfig, t: AiProxyAdvancedTarget): Record<string, unknown> {
  return {
    route_type: t.route_type,
    model: t.model,
    auth: t.auth,
    logging: t.logging,
    llm_format: config.llm_format,
    response_streaming: config.response_streaming,
    max_request_body_size: config.max_request_body_size,
    model_name_header: config.model_name_header,
    genai_category: config.genai_category,
  };
}

export function targetLabel(t: AiProxyAdvancedTarget, index: number): string {
  return `targets[${index}] ${t.model.provider}/${t.model.name ?? '(client model)'}`;
}

export function prepareAiProxyAdvanced(plugin: Plugin): PreparedAiProxyAdvanced {
  const config = plugin.config as unknown as AiProxyAdvancedConfig;
  const balancerConfig = balancerOf(config) as BalancerConfig;
  // The synthesized instance keeps the ai-proxy-advanced plugin's id, name and scope: logs and
  // the analytics line name the plugin that runs.
  const targets = config.targets.map((t) => prepareAiProxy({ ...plugin, config: targetConfig(config, t) } as Plugin));
  const balancerTargets: BalancerTarget[] = config.targets.map((t, index) => ({ index, weight: t.weight, label: `${t.model.provider}/${t.model.name ?? ''}` }));
  const built = balancerFor(plugin, balancerConfig, balancerTargets);
  // Access rules this gateway does not evaluate: refusing is safe, ignoring them would let through what Kong denies.
  const acls = config.acls;
  const aclProblem =
    (acls?.allow?.length ?? 0) + (acls?.deny?.length ?? 0) > 0
      ? 'config.acls (allow/deny rules) is not enforced by this gateway, so the requests it applies to are refused rather than let through unchecked; remove config.acls, or proxy these routes with Kong'
      : null;
  return {
    plugin,
    config,
    targets,
    labels: config.targets.map(targetLabel),
    balancer: built.balancer,
    problem: aclProblem ?? built.problem,
    memory: built.memory,
    policy: failoverPolicy(balancerConfig.failover_criteria),
    balancerConfig,
  };
}
