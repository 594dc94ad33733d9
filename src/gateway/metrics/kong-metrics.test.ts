// Kong's classic series behind prometheus's flags: nothing without status_code_metrics or
// latency_metrics, the consumer label only with per_consumer, kong latency = request − upstream.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { register } from 'prom-client';
import { recordKongMetrics } from './kong-metrics.js';

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };
async function samples(name: string): Promise<Sample[]> {
  const all = (await register.getMetricsAsJSON()) as unknown as { name: string; values: Sample[] }[];
  return all.find((m) => m.name === name)?.values ?? [];
}

const REQ = { service: 'llm', route: 'chat', code: 200, source: 'service', consumer: 'alice', requestMs: 120, upstreamMs: 100 } as const;

test('flags off: no kong_* series at all', async () => {
  recordKongMetrics({ status_code_metrics: false, latency_metrics: false, per_consumer: true }, REQ);
  assert.deepEqual(await samples('kong_http_requests_total'), []);
  assert.deepEqual(await samples('kong_request_latency_ms'), []);
});

test('status_code_metrics: Kong labels; consumer filled only with per_consumer', async () => {
  recordKongMetrics({ status_code_metrics: true }, REQ);
  recordKongMetrics({ status_code_metrics: true, per_consumer: true }, { ...REQ, code: 502, source: 'error' });
  assert.deepEqual(
    (await samples('kong_http_requests_total')).map((s) => [s.labels, s.value]),
    [
      [{ service: 'llm', route: 'chat', code: '200', source: 'service', workspace: 'default', consumer: '' }, 1],
      [{ service: 'llm', route: 'chat', code: '502', source: 'error', workspace: 'default', consumer: 'alice' }, 1],
    ],
  );
});

test('latency_metrics: request, upstream and kong latency on {service,route,workspace}; no upstream → request only', async () => {
  recordKongMetrics({ latency_metrics: true }, REQ);
  recordKongMetrics({ latency_metrics: true }, { ...REQ, upstreamMs: null, requestMs: 3 });
  const count = async (name: string) => (await samples(name)).find((s) => s.metricName === `${name}_count`);
  assert.equal((await count('kong_request_latency_ms'))!.value, 2);
  assert.equal((await count('kong_upstream_latency_ms'))!.value, 1);
  const kong = await samples('kong_kong_latency_ms');
  assert.deepEqual(kong.find((s) => s.metricName === 'kong_kong_latency_ms_sum')!.value, 20);
  assert.deepEqual(kong.find((s) => s.metricName === 'kong_kong_latency_ms_count')!.labels, { service: 'llm', route: 'chat', workspace: 'default' });
});
