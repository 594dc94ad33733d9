// Kong's AI metrics (prometheus plugin, `config.ai_metrics: true`; reference kong-ai-plugins.md
// §4): the four `kong_ai_llm_*` series, with Kong's names (the `kong_` prefix Kong's exporter
// adds), label names, histogram buckets and increments. Kept in prom-client's default registry,
// next to the ai_gateway_* metrics, so the primary aggregates them over every worker. Created on
// first use: a gateway where no request was counted shows no ai_llm series at all.
import { Counter, Histogram } from 'prom-client';

/** The labels of requests, cost and provider latency (Kong EE 3.15: OSS 3.10's + request_mode 3.12 + consumer 3.11). */
export const AI_LABELS = ['ai_provider', 'ai_model', 'cache_status', 'vector_db', 'embeddings_provider', 'embeddings_model', 'request_mode', 'workspace', 'consumer'] as const;
/** kong_ai_llm_tokens_total: no request_mode, token_type before workspace. */
export const AI_TOKEN_LABELS = ['ai_provider', 'ai_model', 'cache_status', 'vector_db', 'embeddings_provider', 'embeddings_model', 'token_type', 'workspace', 'consumer'] as const;
/** kong/plugins/prometheus/exporter.lua's buckets for kong_ai_llm_provider_latency_ms. */
export const AI_LATENCY_BUCKETS_MS = [250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 10000, 30000, 60000];

type AiLabel = (typeof AI_LABELS)[number];
type AiTokenLabel = (typeof AI_TOKEN_LABELS)[number];

interface AiMetricSet {
  readonly requests: Counter<AiLabel>;
  readonly cost: Counter<AiLabel>;
  readonly tokens: Counter<AiTokenLabel>;
  readonly latency: Histogram<AiLabel>;
}

let set: AiMetricSet | undefined;

function aiMetricSet(): AiMetricSet {
  set ??= {
    requests: new Counter({ name: 'kong_ai_llm_requests_total', help: 'AI requests total per ai_provider in Kong', labelNames: AI_LABELS }),
    cost: new Counter({ name: 'kong_ai_llm_cost_total', help: 'AI requests cost per ai_provider/cache in Kong', labelNames: AI_LABELS }),
    tokens: new Counter({ name: 'kong_ai_llm_tokens_total', help: 'AI tokens per ai_provider/cache and token_type in Kong', labelNames: AI_TOKEN_LABELS }),
    latency: new Histogram({
      name: 'kong_ai_llm_provider_latency_ms',
      help: 'LLM response Latency for each AI plugins per ai_provider in Kong',
      labelNames: AI_LABELS,
      buckets: AI_LATENCY_BUCKETS_MS,
    }),
  };
  return set;
}

/** One AI request as Kong's log phase sees it (`ai.proxy.meta` and `ai.proxy.usage`). */
export interface AiUsageRecord {
  /** meta.provider_name. */
  readonly provider: string;
  /** meta.request_model (not the response's model). */
  readonly requestModel: string;
  readonly stream: boolean;
  /** Username, else custom_id, else ''. */
  readonly consumer: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** usage.cost: (prompt × input_cost + completion × output_cost) / 1e6. */
  readonly cost: number;
  /** meta.llm_latency in ms. */
  readonly latencyMs: number;
}

/** Kong's exporter increments for one request: +1 request, +cost if > 0, +tokens per type if > 0, latency if ≥ 0. */
export function recordAiMetrics(r: AiUsageRecord): void {
  const m = aiMetricSet();
  // the semantic-cache labels are '' unless a semantic cache ran (none does here)
  const common = { ai_provider: r.provider, ai_model: r.requestModel, cache_status: '', vector_db: '', embeddings_provider: '', embeddings_model: '', workspace: 'default', consumer: r.consumer };
  const labels = { ...common, request_mode: r.stream ? 'stream' : 'oneshot' };
  m.requests.inc(labels);
  if (r.cost > 0) m.cost.inc(labels, r.cost);
  const total = r.promptTokens + r.completionTokens;
  for (const [token_type, n] of [['prompt_tokens', r.promptTokens], ['completion_tokens', r.completionTokens], ['total_tokens', total]] as const)
    if (n > 0) m.tokens.inc({ ...common, token_type }, n);
  if (r.latencyMs >= 0) m.latency.observe(labels, r.latencyMs);
}
