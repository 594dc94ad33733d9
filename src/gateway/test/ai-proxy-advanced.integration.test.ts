// ai-proxy-advanced end to end (needs `make build`): bin/ai-gateway in front of one bin/mock-llm
// whose faults are scoped to a model (x-mock-fault: 429@<model>), so the three targets of a route
// fail independently. For each failover criterion, not one client request fails while one target
// of three fails that way — and a fault no criterion lists is the client's; Kong's default
// criteria without non_idempotent do not resend a POST; the circuit breaker ejects a target
// (log, /status, /explain, metrics) and takes it back after fail_timeout; streams fail over
// before their first byte and end with an error after it; an OpenAI request served by Anthropic
// answers the `openai` SDK in OpenAI format; exhausted retries give the client the last failure.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { send } from './client.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { startMockLlm, type MockLlmProcess } from './mock-llm-process.js';

const OPENAI_KEY = 'sk-openai-aipa-Secret-1';
const ANTHROPIC_KEY = 'sk-ant-aipa-Secret-2';
const FAIL_TIMEOUT_MS = 3000;

/** Each criterion and the mock fault that produces it. */
const CRITERIA: readonly (readonly [string, string])[] = [
  ['error', 'reset'],
  ['timeout', 'hang'],
  ['invalid_header', 'invalid-header'],
  ['http_403', '403'],
  ['http_404', '404'],
  ['http_429', '429'],
  ['http_500', '500'],
  ['http_502', '502'],
  ['http_503', '503'],
  ['http_504', '504'],
];

const openai = (up: string, model: string, weight = 100) =>
  `{ route_type: llm/v1/chat, weight: ${weight}, auth: { header_name: Authorization, header_value: "Bearer ${OPENAI_KEY}" }, model: { provider: openai, name: "${model}", options: { upstream_url: "${up}/v1/chat/completions" } } }`;
const anthropic = (up: string, model: string, weight: number) =>
  `{ route_type: llm/v1/chat, weight: ${weight}, auth: { header_name: x-api-key, header_value: "${ANTHROPIC_KEY}" }, model: { provider: anthropic, name: "${model}", options: { anthropic_version: "2023-06-01", upstream_url: "${up}/v1/messages" } } }`;

function route(path: string, targets: string[], balancer: string, extra = ''): string {
  return `      - name: ${path.replaceAll('/', '-').replace(/^-/, '')}
        paths: [${path}]
        plugins:${extra}
          - name: ai-proxy-advanced
            config:
              targets: [${targets.join(', ')}]
              balancer: ${balancer}`;
}

function config(up: string): string {
  const three = (p: string) => [openai(up, `${p}-a`), openai(up, `${p}-b`), openai(up, `${p}-c`)];
  const routes = [
    ...CRITERIA.map(([c]) => route(`/c/${c}`, three(c), `{ retries: 2, failover_criteria: [${c}, non_idempotent], read_timeout: 300, connect_timeout: 1000 }`)),
    route('/kong-default', three('kd'), '{ read_timeout: 300 }'),
    route('/dead', [openai('http://127.0.0.1:1', 'dead'), openai(up, 'alive')], '{ read_timeout: 300 }'),
    route('/breaker', three('br'), `{ retries: 2, failover_criteria: [http_500, non_idempotent], max_fails: 2, fail_timeout: ${FAIL_TIMEOUT_MS} }`),
    route('/cross', [openai(up, 'oa', 100), anthropic(up, 'claude-x', 50)], '{ algorithm: priority, failover_criteria: [http_429, http_503, error, timeout, non_idempotent], read_timeout: 500 }'),
    route('/exhaust', three('ex'), '{ retries: 1, failover_criteria: [http_500, non_idempotent] }'),
    route('/both', [openai(up, 'adv')], '{}', `
          - name: ai-proxy
            config: { route_type: llm/v1/chat, model: { provider: openai, name: basic, options: { upstream_url: "${up}/v1/chat/completions" } } }`),
  ];
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
${routes.join('\n')}
`;
}

let mock: MockLlmProcess;
let gw: StartedProcess;
let GW: string;
let STATUS: string;

before(async () => {
  mock = await startMockLlm(['--openai-key', OPENAI_KEY, '--anthropic-key', ANTHROPIC_KEY]);
  gw = await startGatewayProcess(tempFile('kong.yaml', config(mock.url)), {});
  GW = gw.listeners.get('proxy')!;
  STATUS = gw.listeners.get('status')!;
});
after(async () => {
  await Promise.all([gw?.kill(), mock?.proc.kill()]);
});
beforeEach(async () => {
  await fetch(`${mock.url}/__mock/requests`, { method: 'DELETE' });
});

const chat = (path: string, fault?: string, extra: Record<string, unknown> = {}) =>
  send(`${GW}${path}`, { headers: fault ? { 'x-mock-fault': fault } : {}, body: JSON.stringify({ messages: [{ role: 'user', content: 'one two three' }], ...extra }) });

/** The mock's record of requests for `model`, with their answer's status (null: none, e.g. a reset). */
async function triesOf(model: string): Promise<(number | null)[]> {
  return (await mock.requests()).filter((r) => (r.json as { model?: string } | null)?.model === model).map((r) => r.status ?? null);
}

/** The gateway's log lines so far that match. */
const logLines = (re: RegExp) => gw.stderr().split('\n').filter((l) => re.test(l));

async function metric(re: RegExp): Promise<number> {
  const text = await (await fetch(`${STATUS}/metrics`)).text();
  return text.split('\n').filter((l) => re.test(l)).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('each failover criterion: one target of three fails, no client request does', () => {
  for (const [criterion, fault] of CRITERIA) {
    it(`${criterion} (mock fault ${fault})`, async () => {
      const logged = logLines(new RegExp(`failed: ${criterion} `)).length;
      const statuses: number[] = [];
      for (let i = 0; i < 9; i++) {
        const r = await chat(`/c/${criterion}`, `${fault}@${criterion}-b`);
        statuses.push(r.status);
        if (r.status === 200) assert.notEqual(r.headers['x-kong-llm-model'], `openai/${criterion}-b`);
      }
      assert.deepEqual(statuses, Array(9).fill(200));
      const b = await triesOf(`${criterion}-b`);
      assert.ok(b.length >= 2, `the failing target was tried (${b.length})`);
      assert.equal(logLines(new RegExp(`failed: ${criterion} .*failing over to targets\\[[02]\\]`)).length - logged, b.length, 'one log line per failed try');
    });
  }

  it('a fault no criterion lists is the client\'s answer (http_429 only: a 500 is not failed over)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await chat('/c/http_429', '500@http_429-b')).status);
    const b = await triesOf('http_429-b');
    assert.ok(b.length >= 2);
    assert.deepEqual(statuses.filter((s) => s !== 200), Array(b.length).fill(500), 'every try on the failing target reached the client');
  });

  it('the failovers are counted by criterion', async () => {
    assert.ok((await metric(/^ai_gateway_ai_target_failures_total\{.*criterion="http_503".*outcome="failover"/)) >= 2);
    assert.ok((await metric(/^ai_gateway_ai_target_failures_total\{.*criterion="timeout".*outcome="failover"/)) >= 2);
  });
});

describe("Kong's default failover_criteria (error, timeout), no non_idempotent", () => {
  it('a POST the target received is not resent: a 429 or a reset reaches the client', async () => {
    const s429: number[] = [];
    const sReset: number[] = [];
    for (let i = 0; i < 6; i++) s429.push((await chat('/kong-default', '429@kd-b')).status);
    for (let i = 0; i < 6; i++) sReset.push((await chat('/kong-default', 'reset@kd-b')).status);
    assert.ok(s429.includes(429) && s429.every((s) => s === 200 || s === 429), String(s429));
    assert.ok(sReset.includes(502) && sReset.every((s) => s === 200 || s === 502), String(sReset));
    assert.ok(logLines(/not failed over: the POST had reached the target and failover_criteria does not list 'non_idempotent'; the client gets a 502/).length >= 1);
  });

  it('a connection that never opens (nothing sent) fails over under `error`', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await chat('/dead');
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-kong-llm-model'], 'openai/alive');
    }
    assert.ok(logLines(/targets\[0\] openai\/dead .*failed: error \(ECONNREFUSED/).length >= 2);
  });
});

describe('circuit breaker (max_fails 2, fail_timeout 3 s)', () => {
  it('ejects the failing target (log, /status, /explain, metrics), sends it nothing, and takes it back after fail_timeout', async () => {
    for (let i = 0; i < 12 && logLines(/circuit breaker ejected targets\[1\] openai\/br-b/).length === 0; i++) assert.equal((await chat('/breaker', '500@br-b')).status, 200);
    const line = logLines(/circuit breaker ejected targets\[1\] openai\/br-b/)[0];
    assert.match(line ?? '', /after 2 failures \(max_fails 2\): it gets no requests until (\S+) \(fail_timeout 3000 ms\)/);

    const status = (await (await fetch(`${STATUS}/status`)).json()) as { ai_proxy_advanced: { algorithm: string; targets: { target: string; health: string; ejected_until: string | null }[] }[] };
    const br = status.ai_proxy_advanced.find((a) => a.targets[0]!.target === 'targets[0] openai/br-a')!;
    assert.equal(br.targets[1]!.health, 'ejected');
    const until = Date.parse(br.targets[1]!.ejected_until!);
    assert.ok(until > Date.now() && until <= Date.now() + FAIL_TIMEOUT_MS, br.targets[1]!.ejected_until!);

    const explained = (await (await fetch(`${STATUS}/explain?method=POST&path=/breaker`)).json()) as { balancer: { ejected: string[]; next: { index: number } } };
    assert.deepEqual(explained.balancer.ejected, [`targets[1] openai/br-b until ${br.targets[1]!.ejected_until}`]);
    assert.notEqual(explained.balancer.next.index, 1);

    await fetch(`${mock.url}/__mock/requests`, { method: 'DELETE' });
    for (let i = 0; i < 6; i++) assert.equal((await chat('/breaker')).status, 200);
    assert.deepEqual(await triesOf('br-b'), [], 'an ejected target gets no request');
    assert.equal(await metric(/^ai_gateway_ai_target_ejected\{.*ai_model="br-b"/), 1);
    assert.ok((await metric(/^ai_gateway_ai_target_skips_total\{.*ai_model="br-b".*reason="circuit_breaker"/)) >= 6);
    assert.equal(await metric(/^ai_gateway_ai_target_ejections_total\{.*ai_model="br-b"/), 1);

    await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now()) + 100));
    for (let i = 0; i < 6; i++) assert.equal((await chat('/breaker')).status, 200);
    assert.ok((await triesOf('br-b')).length >= 1, 'after fail_timeout the target is tried again');
    assert.equal(logLines(/targets\[1\] openai\/br-b is healthy again/).length, 1);
    const after = (await (await fetch(`${STATUS}/status`)).json()) as typeof status;
    assert.equal(after.ai_proxy_advanced.find((a) => a.targets[0]!.target === 'targets[0] openai/br-a')!.targets[1]!.health, 'healthy');
    assert.equal(await metric(/^ai_gateway_ai_target_ejected\{.*ai_model="br-b"/), 0);
  });
});

describe('streams, cross-provider (priority: OpenAI first, Anthropic second)', () => {
  for (const fault of ['503', 'hang', 'reset', 'cut-after-headers']) {
    it(`a stream whose first target fails before its first byte (${fault}) is served whole by the next`, async () => {
      const r = await chat('/cross', `${fault}@oa`, { stream: true });
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-kong-llm-model'], 'anthropic/claude-x');
      const text = r.body.toString('utf8');
      assert.ok(r.ended, 'a clean end');
      assert.match(text, /^data: \{"id":/);
      assert.match(text, /data: \[DONE\]\n\n$/);
      assert.doesNotMatch(text, /"error"/);
    });
  }

  it('after the first byte: the openai SDK gets an error, never a clean end; the target is counted failed', async () => {
    const before = await metric(/^ai_gateway_ai_target_failures_total\{.*ai_model="oa".*outcome="cut"/);
    const client = new OpenAI({ baseURL: `${GW}/cross`, apiKey: 'client-side-unused', maxRetries: 0, defaultHeaders: { 'x-mock-fault': 'cut-mid-stream@oa' } });
    const stream = await client.chat.completions.create({ model: 'oa', messages: [{ role: 'user', content: 'one two three four' }], stream: true });
    let chunks = 0;
    await assert.rejects(async () => {
      for await (const _ of stream) chunks++;
    });
    assert.ok(chunks >= 1, 'the first chunks had reached the client');
    assert.equal((await metric(/^ai_gateway_ai_target_failures_total\{.*ai_model="oa".*outcome="cut"/)) - before, 1);
    assert.ok(logLines(/no failover once the client has the first bytes/).length >= 1);
  });

  it('the openai SDK: OpenAI answers 429, Anthropic serves, the answer is an OpenAI chat completion', async () => {
    const client = new OpenAI({ baseURL: `${GW}/cross`, apiKey: 'client-side-unused', maxRetries: 0, defaultHeaders: { 'x-mock-fault': '429@oa' } });
    const res = await client.chat.completions.create({ model: 'oa', messages: [{ role: 'user', content: 'hello from the sdk' }] }).withResponse();
    assert.equal(res.response.headers.get('x-kong-llm-model'), 'anthropic/claude-x');
    assert.equal(res.data.object, 'chat.completion');
    assert.equal(typeof res.data.choices[0]!.message.content, 'string');
    assert.ok(res.data.usage!.total_tokens > 0);
    const toAnthropic = (await mock.requests()).filter((r) => r.vendor === 'anthropic');
    assert.equal(toAnthropic.length, 1);
    // the client's own Authorization is forwarded, as Kong does; the OpenAI target's credential is not
    assert.equal(toAnthropic[0]!.headers.authorization, 'Bearer client-side-unused', "the OpenAI target's credential is not sent to Anthropic");
    assert.equal(toAnthropic[0]!.auth, 'valid');
  });
});

describe('retries and plugin choice', () => {
  it('retries exhausted: the client gets the last failure (the upstream\'s status and body)', async () => {
    const r = await chat('/exhaust', '500@ex-a, 500@ex-b, 500@ex-c');
    assert.equal(r.status, 500);
    assert.equal((JSON.parse(r.body.toString('utf8')) as { error: { type: string } }).error.type, 'server_error', "OpenAI's own error body");
    assert.equal((await mock.requests()).length, 2, 'retries 1: two tries');
    assert.ok(logLines(/no retries left \(config\.balancer\.retries 1\); the client gets the 500/).length >= 1);
  });

  it('ai-proxy and ai-proxy-advanced on one route: ai-proxy-advanced runs', async () => {
    const r = await chat('/both');
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-kong-llm-model'], 'openai/adv');
    assert.deepEqual(await triesOf('basic'), []);
  });
});

describe('several workers: each balances on its own', () => {
  it('/explain comes from a worker; /status lists every worker\'s balancers', async () => {
    const two = await startGatewayProcess(tempFile('kong.yaml', config(mock.url)), {}, 2);
    try {
      const status = two.listeners.get('status')!;
      const explained = (await (await fetch(`${status}/explain?method=POST&path=/breaker`)).json()) as { balancer: { state: string; targets: unknown[] } };
      assert.match(explained.balancer.state, /^worker \d+'s state \(each worker balances on its own\)$/);
      assert.equal(explained.balancer.targets.length, 3);
      const body = (await (await fetch(`${status}/status`)).json()) as { ai_proxy_advanced_by_worker: { worker: number; instances: { algorithm: string }[] }[] };
      assert.equal(body.ai_proxy_advanced_by_worker.length, 2);
      for (const w of body.ai_proxy_advanced_by_worker) assert.equal(w.instances.length, CRITERIA.length + 6, JSON.stringify(w).slice(0, 200));
    } finally {
      await two.kill();
    }
  });
});
