// Kong's AI metrics as the exporter records them: names with the kong_ prefix, Kong's label
// names, increments only where Kong makes them (cost and each token type only when > 0), the
// provider latency histogram on Kong's buckets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { register } from 'prom-client';
import { recordAiMetrics } from './ai-metrics.js';

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };

async function samples(name: string): Promise<Sample[]> {
  const all = (await register.getMetricsAsJSON()) as unknown as { name: string; values: Sample[] }[];
  return all.find((m) => m.name === name)?.values ?? [];
}

const REQUEST = {
  provider: 'openai',
  requestModel: 'gpt-4o',
  stream: false,
  consumer: 'alice',
  promptTokens: 12,
  completionTokens: 30,
  cost: (12 * 2 + 30 * 8) / 1e6,
  latencyMs: 700,
};

test('one request: +1 request, +cost, +prompt/completion/total tokens, one latency observation, labels as Kong names them', async () => {
  recordAiMetrics(REQUEST);
  recordAiMetrics({ ...REQUEST, stream: true, promptTokens: 3, completionTokens: 0, cost: 0, latencyMs: 1200 });

  const requests = await samples('kong_ai_llm_requests_total');
  assert.deepEqual(
    requests.map((s) => [s.labels, s.value]),
    [
      [{ ai_provider: 'openai', ai_model: 'gpt-4o', cache_status: '', vector_db: '', embeddings_provider: '', embeddings_model: '', request_mode: 'oneshot', workspace: 'default', consumer: 'alice' }, 1],
      [{ ai_provider: 'openai', ai_model: 'gpt-4o', cache_status: '', vector_db: '', embeddings_provider: '', embeddings_model: '', request_mode: 'stream', workspace: 'default', consumer: 'alice' }, 1],
    ],
  );
  // the streamed request cost 0: Kong adds cost only when > 0, so only the oneshot series exists
  const cost = await samples('kong_ai_llm_cost_total');
  assert.equal(cost.length, 1);
  assert.equal(cost[0]!.labels.request_mode, 'oneshot');
  assert.ok(Math.abs(cost[0]!.value - 0.000264) < 1e-12, String(cost[0]!.value));

  const tokens = await samples('kong_ai_llm_tokens_total');
  const byType = Object.fromEntries(tokens.map((s) => [s.labels.token_type, s.value]));
  assert.deepEqual(byType, { prompt_tokens: 15, completion_tokens: 30, total_tokens: 45 });
  for (const s of tokens) {
    assert.deepEqual(Object.keys(s.labels).sort(), ['ai_model', 'ai_provider', 'cache_status', 'consumer', 'embeddings_model', 'embeddings_provider', 'token_type', 'vector_db', 'workspace']);
    assert.equal('request_mode' in s.labels, false, 'Kong puts no request_mode on the tokens counter');
  }

  const latency = await samples('kong_ai_llm_provider_latency_ms');
  const counts = latency.filter((s) => s.metricName === 'kong_ai_llm_provider_latency_ms_count').map((s) => [s.labels.request_mode, s.value]);
  assert.deepEqual(counts.sort(), [['oneshot', 1], ['stream', 1]]);
  const le = latency.filter((s) => s.metricName === 'kong_ai_llm_provider_latency_ms_bucket' && s.labels.request_mode === 'oneshot').map((s) => s.labels.le);
  assert.deepEqual(le, [250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 10000, 30000, 60000, '+Inf']);
  const inBucket = (mode: string, bound: number) => latency.find((s) => s.metricName === 'kong_ai_llm_provider_latency_ms_bucket' && s.labels.request_mode === mode && s.labels.le === bound)!.value;
  assert.equal(inBucket('oneshot', 500), 0);
  assert.equal(inBucket('oneshot', 1000), 1);
  assert.equal(inBucket('stream', 1000), 0);
  assert.equal(inBucket('stream', 1500), 1);
});
