// The half-open probe of the real circuit breaker, in process over real HTTP (the gateway in
// front of the mock LLM): a target whose driver refuses the request it was picked for is never
// tried, so the probe that pick claimed is released at once — the next request probes it,
// without waiting for another fail_timeout. Priority: targets[0] (a completions target) is
// always picked first while available; targets[1] (a chat target) refuses completions.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { request } from 'undici';
import { startMock, type StartedMock } from '../../../mock-llm/mock.test-helper.js';
import { startGateway, type Gateway } from '../../server/index.js';
import { DeckSource } from '../../sources/deck/source.js';
import { forgetBalancers } from '../index.js';

const FAIL_TIMEOUT_MS = 300;

function config(up: string): string {
  const target = (routeType: string, model: string, weight: number, path: string) =>
    `{ route_type: ${routeType}, weight: ${weight}, model: { provider: openai, name: ${model}, options: { upstream_url: "${up}${path}" } } }`;
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
      - name: probe
        paths: [/probe]
        plugins:
          - name: ai-proxy-advanced
            config:
              targets: [${target('llm/v1/completions', 'pp', 100, '/v1/completions')}, ${target('llm/v1/chat', 'pq', 50, '/v1/chat/completions')}]
              balancer: { algorithm: priority, failover_criteria: [http_500, non_idempotent], max_fails: 1, fail_timeout: ${FAIL_TIMEOUT_MS} }
`;
}

let mock: StartedMock;
let gw: Gateway;
let GW: string;
const logs: string[] = [];

before(async () => {
  mock = await startMock();
  const dir = mkdtempSync(join(tmpdir(), 'aipa-probe-'));
  const file = join(dir, 'kong.yaml');
  writeFileSync(file, config(mock.url));
  gw = await startGateway(new DeckSource(file, { watchIntervalMs: 0 }), { log: (m) => logs.push(m) });
  GW = await gw.listen('127.0.0.1', 0);
});
after(async () => {
  await gw?.close();
  await mock?.close();
  forgetBalancers();
});

async function send(body: Record<string, unknown>, fault?: string) {
  const res = await request(`${GW}/probe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(fault ? { 'x-mock-fault': fault } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, model: res.headers['x-kong-llm-model'], text: await res.body.text() };
}
const completion = { prompt: 'one two three' };
const chat = { messages: [{ role: 'user', content: 'one two three' }] };

it('a half-open probe picked for a request its driver refuses is released: the next request probes at once', async () => {
  const failed = await send(completion, '500@pp');
  assert.equal(failed.status, 500, 'targets[0] fails (max_fails 1: ejected); targets[1] cannot serve a completion');
  assert.match(logs.join('\n'), /circuit breaker ejected targets\[0\] openai\/pp/);
  await new Promise((r) => setTimeout(r, FAIL_TIMEOUT_MS + 50)); // targets[0] is half-open

  const refused = await send(chat);
  assert.equal(refused.status, 400, `the probe pick goes to targets[0], whose driver refuses a chat request: ${refused.text}`);

  await mock.clear();
  const probe = await send(completion);
  assert.equal(probe.status, 200, `the next request probes targets[0] (its claim was released), well within another fail_timeout: ${probe.text}`);
  assert.equal(probe.model, 'openai/pp');
  assert.equal((await mock.requests()).length, 1);
  assert.match(logs.join('\n'), /targets\[0\] openai\/pp is healthy again/);
});
