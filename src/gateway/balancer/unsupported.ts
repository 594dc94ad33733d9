// Configurations this gateway validates (Kong accepts them) but cannot run, refused when the
// balancer is built with a message naming the setting and what to use instead; the proxy
// answers Kong's 500 and logs the message.
import { SafeError } from '../../common/index.js';
import type { BalancerConfig } from './types.js';

const RUNNABLE = 'round-robin, priority, lowest-latency, lowest-usage, consistent-hashing or least-connections';

export function refuseUnsupported(config: BalancerConfig): void {
  if (config.algorithm === 'semantic')
    throw new SafeError(
      `config.balancer.algorithm semantic needs a vector store (config.vectordb) and an embeddings model (config.embeddings), which this gateway does not run yet; use ${RUNNABLE}`,
    );
  if (config.algorithm === 'lowest-usage' && config.tokens_count_strategy === 'llm-accuracy')
    throw new SafeError(
      'config.balancer.tokens_count_strategy llm-accuracy is fed by the AI LLM as Judge plugin, which this gateway does not run; use total-tokens, prompt-tokens, completion-tokens or cost',
    );
}
