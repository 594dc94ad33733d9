import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePlugin } from '../plugins/registry.js';
import { prometheusConfigView } from './index.js';

const FLAGS = ['ai_metrics', 'bandwidth_metrics', 'latency_metrics', 'per_consumer', 'status_code_metrics', 'upstream_health_metrics'];

test("absent or null config is Kong's defaults: every flag false, wasm_metrics null, protocols grpc/grpcs/http/https", () => {
  for (const input of [{ name: 'prometheus' }, { name: 'prometheus', config: null }, { name: 'prometheus', config: {} }]) {
    const r = validatePlugin(input);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
    const c = r.value.config as Record<string, unknown>;
    for (const f of FLAGS) assert.equal(c[f], false, `${JSON.stringify(input)}: ${f}`);
    assert.equal(c.wasm_metrics, null);
    assert.deepEqual(r.value.protocols, ['grpc', 'grpcs', 'http', 'https']);
  }
});

test('the attribute table is the OpenAPI PrometheusPlugin config, in order', () => {
  assert.deepEqual(
    prometheusConfigView.map((a) => a.name),
    [...FLAGS, 'wasm_metrics'],
  );
});

test('ai_metrics true is kept; a non-boolean and an unknown field are named', () => {
  const ok = validatePlugin({ name: 'prometheus', route: { id: '6d0a4e1c-1f0a-4f7e-9c1e-3c2f3b1d2a10' }, config: { ai_metrics: true, per_consumer: true } });
  assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.fields));
  assert.equal((ok.value.config as Record<string, unknown>).ai_metrics, true);
  const bad = validatePlugin({ name: 'prometheus', config: { ai_metrics: 'yes', metrics: true } });
  assert.ok(!bad.ok);
  const f = (bad.fields as { config: Record<string, unknown> }).config;
  assert.equal(f.ai_metrics, 'expected a boolean');
  assert.equal(f.metrics, 'unknown field');
});

test('stream protocols are allowed (Kong counts stream traffic); a consumer group scope is not (no_consumer_group)', () => {
  const tcp = validatePlugin({ name: 'prometheus', protocols: ['tcp', 'tls'] });
  assert.ok(tcp.ok, JSON.stringify(!tcp.ok && tcp.fields));
  const cg = validatePlugin({ name: 'prometheus', consumer_group: { id: '6d0a4e1c-1f0a-4f7e-9c1e-3c2f3b1d2a10' } });
  assert.ok(!cg.ok);
  assert.equal((cg.fields as Record<string, unknown>).consumer_group, 'value must be null');
  const consumer = validatePlugin({ name: 'prometheus', consumer: { id: '6d0a4e1c-1f0a-4f7e-9c1e-3c2f3b1d2a10' } });
  assert.ok(consumer.ok, 'per-consumer scoping is allowed');
});
