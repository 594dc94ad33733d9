// The GET /v2/control-planes query the mock accepts and refuses (control-plane-filter.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpQuery, type CpLike } from './control-plane-filter.js';

const cp = (id: string, name: string, extra: Partial<CpLike> = {}): CpLike => ({
  id,
  name,
  labels: {},
  config: { cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE', cloud_gateway: false },
  created_at: `2026-01-0${id}T00:00:00Z`,
  ...extra,
});
const all = [
  cp('1', 'prod-ai', { labels: { env: 'prod' } }),
  cp('2', 'dev-ai', { labels: { env: 'dev', x: '' } }),
  cp('3', 'edge', { config: { cluster_type: 'CLUSTER_TYPE_SERVERLESS', cloud_gateway: true } }),
];
const run = (q: string) => {
  const p = parseCpQuery(new URLSearchParams(q));
  return { invalid: p.invalid.map((i) => i.field), names: all.filter(p.matches).sort(p.compare).map((c) => c.name) };
};

test('filters, labels and sort select and order as declared', () => {
  assert.deepEqual(run('filter[name][contains]=ai').names, ['prod-ai', 'dev-ai']);
  assert.deepEqual(run('filter[name]=edge').names, ['edge'], 'the bare form is eq');
  assert.deepEqual(run('filter[name][neq]=edge&sort=created_at desc').names, ['dev-ai', 'prod-ai']);
  assert.deepEqual(run('filter[id][oeq]=3,1').names, ['prod-ai', 'edge']);
  assert.deepEqual(run('filter[cluster_type][neq]=CLUSTER_TYPE_SERVERLESS').names, ['prod-ai', 'dev-ai']);
  assert.deepEqual(run('filter[cloud_gateway]=true').names, ['edge']);
  assert.deepEqual(run('labels=env:prod').names, ['prod-ai']);
  assert.deepEqual(run('labels=env,x').names, ['dev-ai'], 'every item must hold; a bare key checks existence');
  assert.deepEqual(run('page[size]=10&other=1').invalid, [], 'non-filter parameters are not checked here');
});

test('what the spec does not allow is a 400 naming the parameter', () => {
  assert.deepEqual(run('filter[description][eq]=x').invalid, ['filter[description][eq]']);
  assert.deepEqual(run('filter[name][oeq]=x').invalid, ['filter[name][oeq]']);
  assert.deepEqual(run('filter[cloud_gateway]=yes').invalid, ['filter[cloud_gateway]']);
  assert.deepEqual(run('filter[name][eq]=a&filter[name][contains]=b').invalid, ['filter[name]']);
  assert.deepEqual(run('sort=name').invalid, ['sort']);
  assert.deepEqual(run('sort=created_at sideways').invalid, ['sort']);
  assert.deepEqual(run('sort=created_at asc').invalid, []);
});
