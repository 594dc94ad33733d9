// explain for ai-proxy-advanced, against the running proxy's own balancer (in process, the real
// balancer, the mock LLM over HTTP): the target it names is the one the next request is served
// by, again and again (looking never advances the rotation); the algorithm's reason; a target
// the circuit breaker ejected is listed with until when, and skipped; an ai-proxy on the same
// route is reported as doing nothing; the text form prints it all.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startMock, type StartedMock } from '../../mock-llm/mock.test-helper.js';
import { forgetBalancers } from '../proxy/index.js';
import { startGateway, type Gateway } from '../server/index.js';
import { DeckSource } from '../sources/deck/source.js';
import { explainRequest, formatReport } from './index.js';

let mock: StartedMock;
let gw: Gateway;
let GW: string;
const logs: string[] = [];

const target = (up: string, model: string, weight: number) =>
  `{ route_type: llm/v1/chat, weight: ${weight}, model: { provider: openai, name: ${model}, options: { upstream_url: "${up}/v1/chat/completions" } } }`;

before(async () => {
  forgetBalancers();
  mock = await startMock({});
  const file = join(mkdtempSync(join(tmpdir(), 'aipa-explain-')), 'kong.yaml');
  writeFileSync(
    file,
    `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
      - name: adv
        paths: [/adv]
        plugins:
          - name: ai-proxy
            config: { route_type: llm/v1/chat, model: { provider: openai, name: basic, options: { upstream_url: "${mock.url}/v1/chat/completions" } } }
          - name: ai-proxy-advanced
            config:
              targets: [${target(mock.url, 'a', 60)}, ${target(mock.url, 'b', 30)}, ${target(mock.url, 'c', 10)}]
              balancer: { algorithm: round-robin, retries: 2, failover_criteria: [http_500, non_idempotent], max_fails: 1, fail_timeout: 60000, read_timeout: 2000, write_timeout: 1500 }
`,
  );
  gw = await startGateway(new DeckSource(file, { watchIntervalMs: 0 }), { log: (m) => logs.push(m) });
  GW = await gw.listen('127.0.0.1', 0);
});
after(async () => {
  await gw?.close();
  await mock?.close();
  forgetBalancers();
});

const explain = () => explainRequest(gw.current().snapshot, { method: 'POST', path: '/adv' });

async function chat(fault?: string): Promise<string> {
  const res = await request(`${GW}/adv`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(fault ? { 'x-mock-fault': fault } : {}) },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi there' }] }),
  });
  await res.body.dump();
  assert.equal(res.statusCode, 200);
  return String(res.headers['x-kong-llm-model']);
}

describe('explain: ai-proxy-advanced', () => {
  it('names the target the next request goes to, without taking its turn', async () => {
    for (let i = 0; i < 10; i++) {
      const before = explain();
      const again = explain();
      assert.deepEqual(again.balancer!.next, before.balancer!.next, 'explaining twice changes nothing');
      const served = await chat();
      assert.equal(`targets[${before.balancer!.next!.index}] ${served}`, before.balancer!.next!.target, `request ${i}`);
      assert.match(before.balancer!.next!.reason, /^round-robin/);
    }
  });

  it('reports ai-proxy-advanced as the plugin that runs, and the route\'s ai-proxy as doing nothing', () => {
    const r = explain();
    assert.equal(r.aiProxy!.name, 'ai-proxy-advanced');
    assert.match(r.verdict, /^ai-proxy-advanced \S+ \(route\) runs: the balancer would send it to targets\[\d\] openai\/[abc] \(round-robin/);
    const basic = r.candidates.find((c) => c.name === 'ai-proxy')!;
    assert.match(basic.reason, /ai-proxy-advanced \S+ runs instead: both have priority 770/);
    assert.match(r.balancer!.shadows!, /ai-proxy \S+ also applies but does nothing/);
    assert.deepEqual(r.balancer!.failover_criteria, ['http_500', 'non_idempotent']);
    assert.equal(r.upstream!.read_timeout, 2000, "config.balancer's read_timeout replaces the service's");
    assert.equal(r.upstream!.write_timeout, 1500, "config.balancer's write_timeout replaces the service's, as on the call");
  });

  it('a target the circuit breaker ejected: listed until when, never next; the log said so once', async () => {
    // b fails once (max_fails 1): ejected for 60 s; the request itself is served by another target
    let served = '';
    for (let i = 0; i < 3 && !logs.some((l) => l.includes('circuit breaker ejected')); i++) served = await chat('500@b');
    assert.notEqual(served, 'openai/b');
    const r = explain();
    const b = r.balancer!.targets[1]!;
    assert.equal(b.health, 'ejected');
    assert.equal(b.fails, 1);
    const until = Date.parse(b.ejected_until!);
    assert.ok(until > Date.now() + 50_000 && until <= Date.now() + 60_000, b.ejected_until!);
    assert.deepEqual(r.balancer!.ejected, [`targets[1] openai/b until ${b.ejected_until}`]);
    for (let i = 0; i < 4; i++) {
      assert.notEqual(explain().balancer!.next!.index, 1);
      assert.notEqual(await chat(), 'openai/b');
    }
    assert.equal(logs.filter((l) => l.includes('circuit breaker ejected targets[1] openai/b')).length, 1, logs.join('\n'));
    assert.match(logs.find((l) => l.includes('circuit breaker ejected'))!, /after 1 failure \(max_fails 1\): it gets no requests until \d{4}-\d\d-\d\dT/);
    const text = formatReport(r);
    assert.match(text, /balancer: {2}round-robin, retries 2, failover_criteria \[http_500, non_idempotent\]/);
    assert.match(text, /ejected: {3}targets\[1\] openai\/b until /);
    assert.match(text, /- targets\[1\] openai\/b: weight 30, in flight 0, fails 1, ejected \(until /);
  });
});
