// ai-rate-limiting-advanced end to end over real HTTP (bin/ai-gateway in front of bin/mock-tgi):
// the `local` strategy — limit reached → Kong's 429 body and headers with Retry-After, admitted
// again once the window has passed, streams charged too, consumers counted apart — and the
// `redis` strategy on a real redis-server started here — two gateway processes sharing one
// limit admit at most N plus one request's tokens per node, and Redis killed under load costs no
// request and no crash, is logged once, and counting resumes in Redis after it restarts.
// Needs `make build`; the Redis part skips loudly without redis-server (fails with REQUIRE_SERVICES=1).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { redisSkipReason, startRedis, type TestRedis } from '../../testing/redis.js';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { json, send, type RawResponse } from './client.js';
import { startGatewayProcess, startTgi, tempFile, TOKEN } from './harness.js';

// "one two three" with max_new_tokens 5: TGI reports 3 prompt + 5 generated tokens.
const BODY = JSON.stringify({ inputs: 'one two three', parameters: { max_new_tokens: 5 } });
const TOKENS = 8;

const deck = (plugin: string, extra = '') => `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:
      - name: hf
        paths: [/hf]
plugins:
${plugin}
  - name: ai-proxy
    config:
      route_type: llm/v1/chat
      llm_format: huggingface
      auth: { header_name: Authorization, header_value: Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }} }
      model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_TGI_URL" }}" } }
${extra}`;

const started: StartedProcess[] = [];
let TGI: string;

async function gateway(config: string): Promise<{ proc: StartedProcess; url: string }> {
  const proc = await startGatewayProcess(tempFile('kong.yaml', config), { DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI });
  started.push(proc);
  return { proc, url: proc.listeners.get('proxy')! };
}

const generate = (url: string, headers: Record<string, string> = {}, path = '/hf/generate', body = BODY): Promise<RawResponse> => send(`${url}${path}`, { headers, body });
const header = (r: RawResponse, name: string): string | undefined => r.headers[name.toLowerCase()] as string | undefined;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Waits until `at` ms into a window of `sizeS` seconds (so a short test does not straddle a boundary). */
async function alignToWindow(sizeS: number, atMs = 50): Promise<void> {
  const into = Date.now() % (sizeS * 1000);
  if (into > atMs) await sleep(sizeS * 1000 - into + atMs);
}

before(async () => {
  const tgi = await startTgi();
  started.push(tgi);
  TGI = tgi.listeners.get('mock-tgi')!;
});
after(async () => {
  await Promise.all(started.map((p) => p.kill('SIGKILL')));
});

describe('ai-rate-limiting-advanced, local strategy', { timeout: 60_000 }, () => {
  it("limit reached: Kong's 429 body and headers, Retry-After, and admitted again after the window", async () => {
    const { url } = await gateway(
      deck(`  - name: ai-rate-limiting-advanced
    config:
      identifier: ip
      window_type: fixed
      llm_providers:
        - name: huggingface
          limit: [20]
          window_size: [5]`),
    );
    await alignToWindow(5);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await generate(url);
      assert.equal(r.status, 200, r.body.toString());
      assert.equal(header(r, 'X-AI-RateLimit-Limit-5-huggingface'), '20');
      remaining.push(header(r, 'X-AI-RateLimit-Remaining-5-huggingface')!);
    }
    assert.deepEqual(remaining, ['20', '12', '4'], 'the headers show what was left before each answer was charged');
    const limited = await generate(url);
    assert.equal(limited.status, 429);
    assert.deepEqual(json(limited), { message: 'AI token rate limit exceeded for provider(s): huggingface' });
    assert.equal(header(limited, 'content-type'), 'application/json; charset=utf-8');
    assert.equal(header(limited, 'X-AI-RateLimit-Remaining-5-huggingface'), '0');
    const retry = Number(header(limited, 'Retry-After'));
    assert.ok(retry >= 1 && retry <= 5, `Retry-After ${retry}`);
    for (const h of ['X-AI-RateLimit-Retry-After', 'X-AI-RateLimit-Reset', 'X-AI-RateLimit-Reset-5-huggingface', 'X-AI-RateLimit-Retry-After-5-huggingface'])
      assert.equal(header(limited, h), String(retry), h);
    assert.ok(header(limited, 'x-kong-request-id'));
    await sleep(retry * 1000 + 100);
    const again = await generate(url);
    assert.equal(again.status, 200, 'admitted again once the window has passed');
    assert.equal(header(again, 'X-AI-RateLimit-Remaining-5-huggingface'), '20');
  });

  it('streams are charged the usage they report; consumers are counted apart (key-auth, identifier consumer); sliding window', async () => {
    const { url } = await gateway(
      deck(
        `  - name: key-auth
    config: { key_names: [apikey] }
  - name: ai-rate-limiting-advanced
    config:
      llm_providers:
        - name: huggingface
          limit: [30, 1000]
          window_size: [3, 3600]`,
        `consumers:
  - username: alice
    keyauth_credentials: [{ key: alice-key }]
  - username: bob
    keyauth_credentials: [{ key: bob-key }]`,
      ),
    );
    const alice = { apikey: 'alice-key' };
    const stream = await generate(url, alice, '/hf/generate_stream', JSON.stringify({ inputs: 'one two three', parameters: { max_new_tokens: 20 } }));
    assert.equal(stream.status, 200);
    assert.equal(header(stream, 'X-AI-RateLimit-Remaining-3-huggingface'), '30');
    const next = await generate(url, alice);
    assert.equal(next.status, 200);
    assert.ok(Number(header(next, 'X-AI-RateLimit-Remaining-3-huggingface')) <= 7, 'the stream cost 23 tokens (a sliding window may have let a little decay)');
    assert.equal(header(next, 'X-AI-RateLimit-Remaining-hour-huggingface'), '977');
    const limited = await generate(url, alice);
    assert.equal(limited.status, 429);
    const retry = Number(header(limited, 'Retry-After'));
    assert.ok(retry >= 1 && retry <= 6, `sliding Retry-After ${retry}`);
    const bob = await generate(url, { apikey: 'bob-key' });
    assert.equal(bob.status, 200, "bob has his own counter");
    assert.equal(header(bob, 'X-AI-RateLimit-Remaining-3-huggingface'), '30');
    await sleep(retry * 1000 + 100);
    assert.equal((await generate(url, alice)).status, 200, 'alice is admitted again after Retry-After');
  });
});

describe('ai-rate-limiting-advanced, OpenAI format', { timeout: 60_000 }, () => {
  it('an OpenAI-format stream is charged the tokens analytics logs for it (the upstream reports none: Kong\'s estimates)', async () => {
    const { url, proc } = await gateway(`_format_version: "3.0"
services:
  - { name: llm, url: "http://localhost:8080", routes: [{ name: chat, paths: [/chat] }] }
plugins:
  - name: ai-rate-limiting-advanced
    config: { identifier: ip, window_type: fixed, llm_providers: [{ name: huggingface, limit: [100000], window_size: [3600] }] }
  - name: ai-proxy
    config:
      route_type: llm/v1/chat
      logging: { log_statistics: true }
      auth: { header_name: Authorization, header_value: Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }} }
      model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_TGI_URL" }}" } }
`);
    const chat = (stream: boolean) =>
      generate(url, {}, '/chat', JSON.stringify({ messages: [{ role: 'user', content: 'one two three' }], max_tokens: 5, stream }));
    const left = (r: RawResponse) => Number(header(r, 'X-AI-RateLimit-Remaining-hour-huggingface'));
    const first = await chat(false);
    assert.equal(first.status, 200);
    const afterJson = await chat(true);
    assert.equal(left(afterJson), left(first) - 8, 'the JSON answer: its usage, 3 + 5');
    const afterStream = await chat(false);
    assert.ok(left(afterStream) < left(afterJson), `the stream was charged too (${left(afterJson)} → ${left(afterStream)})`);
    // exactly what its log_statistics line says it used
    const logged = proc
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { ai: { proxy: { usage: { total_tokens: number } } } });
    assert.equal(logged.length >= 2, true, proc.stdout());
    assert.equal(left(afterJson) - left(afterStream), logged[1]!.ai.proxy.usage.total_tokens);
  });
});

describe('ai-rate-limiting-advanced, local strategy with --workers 2', { timeout: 60_000 }, () => {
  it("the workers of one node share one set of counters (Kong's shared dictionary): at most N + one request", async () => {
    const proc = await startGatewayProcess(
      tempFile('kong.yaml', deck(`  - name: ai-rate-limiting-advanced
    config:
      identifier: ip
      window_type: fixed
      llm_providers:
        - name: huggingface
          limit: [24]
          window_size: [3600]`)),
      { DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI },
      2,
    );
    started.push(proc);
    const url = proc.listeners.get('proxy')!;
    const statuses: number[] = [];
    // a new connection each time, so the kernel spreads the requests over both workers
    for (let i = 0; i < 12; i++) statuses.push((await generate(url, { connection: 'close' })).status);
    // A charge travels to the primary after the answer (Kong charges in its log phase, after the
    // response too), so the next request on the other worker may be checked before it lands:
    // the bound is N plus one request, as for Kong's workers — three or four answers, then 429s.
    const admitted = statuses.filter((s) => s === 200).length;
    assert.ok(admitted === 3 || admitted === 4, `24 tokens in answers of 8: 3 (or 4 with a charge in flight) admitted, got ${statuses.join(',')}`);
    assert.deepEqual(statuses, [...Array(admitted).fill(200), ...Array(12 - admitted).fill(429)], 'once refused, refused by every worker');
  });
});

describe('ai-rate-limiting-advanced, scoping', { timeout: 60_000 }, () => {
  it("the one instance Kong's precedence picks applies: consumer over route over global; policies fail closed", async () => {
    const rla = (limit: number, indent: string) =>
      `${indent}- name: ai-rate-limiting-advanced\n${indent}  config: { window_type: fixed, llm_providers: [{ name: huggingface, limit: [${limit}], window_size: [3600] }] }`;
    const { url } = await gateway(`_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:
      - name: hf
        paths: [/hf]
      - name: other
        paths: [/other]
        plugins:
${rla(500, '          ')}
      - name: policies
        paths: [/policies]
        plugins:
          - name: ai-rate-limiting-advanced
            config: { policies: [{ limits: [{ limit: 5, window_size: 60 }] }] }
consumers:
  - username: alice
    keyauth_credentials: [{ key: alice-key }]
    plugins:
${rla(10, '      ')}
  - username: bob
    keyauth_credentials: [{ key: bob-key }]
plugins:
  - name: key-auth
    config: { key_names: [apikey] }
${rla(1000, '  ')}
  - name: ai-proxy
    config:
      route_type: llm/v1/chat
      llm_format: huggingface
      auth: { header_name: Authorization, header_value: Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }} }
      model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_TGI_URL" }}" } }
`);
    const limitOf = async (path: string, key: string) => header(await generate(url, { apikey: key }, `${path}/generate`), 'X-AI-RateLimit-Limit-hour-huggingface');
    assert.equal(await limitOf('/hf', 'bob-key'), '1000', 'global');
    assert.equal(await limitOf('/other', 'bob-key'), '500', 'route over global');
    assert.equal(await limitOf('/hf', 'alice-key'), '10', 'consumer over global');
    assert.equal(await limitOf('/other', 'alice-key'), '10', 'consumer over route');
    const r = await generate(url, { apikey: 'alice-key' });
    assert.equal(r.status, 429, "alice's own 10 tokens are spent (two answers of 8)");
    assert.equal((await generate(url, { apikey: 'bob-key' })).status, 200);
    // an instance this gateway cannot run faithfully (3.14 policies) fails closed, naming why
    const refused = await generate(url, { apikey: 'bob-key' }, '/policies/generate');
    assert.equal(refused.status, 500);
    assert.match(String((json(refused) as { message: string }).message), /ai-rate-limiting-advanced.*config\.policies is not supported/);
  });
});

describe('ai-rate-limiting-advanced, redis strategy (real redis-server)', { skip: redisSkipReason(), timeout: 120_000 }, () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.close();
  });

  const redisPlugin = (namespace: string, limit: number, windowS: number) => `  - name: ai-rate-limiting-advanced
    config:
      identifier: consumer
      strategy: redis
      sync_rate: 0
      namespace: ${namespace}
      redis: { host: 127.0.0.1, port: ${redis.port}, connect_timeout: 500, read_timeout: 500 }
      llm_providers:
        - name: huggingface
          limit: [${limit}]
          window_size: [${windowS}]
  - name: key-auth
    config: { key_names: [apikey] }`;
  const consumers = `consumers:
  - username: alice
    keyauth_credentials: [{ key: alice-key }]`;

  it('two gateway processes share one limit: at most N + one request\'s tokens per node', async () => {
    const N = 120;
    const config = deck(redisPlugin(`shared-${randomUUID()}`, N, 60), consumers);
    const nodes = await Promise.all([gateway(config), gateway(config)]);
    if (Date.now() % 60_000 > 45_000) await alignToWindow(60, 100);
    const admitted = [0, 0];
    // one client per node, both at once, each sending until its node refuses
    await Promise.all(
      nodes.map(async ({ url }, i) => {
        for (let n = 0; n < 100; n++) {
          const r = await withTimeout(generate(url, { apikey: 'alice-key' }), 10_000, 'a request');
          if (r.status === 429) return;
          assert.equal(r.status, 200, r.body.toString());
          admitted[i]! += TOKENS;
        }
        assert.fail('never limited');
      }),
    );
    const total = admitted[0]! + admitted[1]!;
    assert.ok(total >= N, `admitted ${total} tokens: at least the limit`);
    assert.ok(total <= N + nodes.length * TOKENS, `admitted ${total} tokens (${admitted.join(' + ')}): at most N + one request per node = ${N + nodes.length * TOKENS}`);
    assert.ok(admitted[0]! > 0 && admitted[1]! > 0, 'both nodes served');
  });

  it('Redis killed under load: no failed request, no crash, logged once; counting resumes in Redis after it restarts', async () => {
    const namespace = `outage-${randomUUID()}`;
    const { proc, url } = await gateway(deck(redisPlugin(namespace, 1_000_000, 3600), consumers));
    const probe = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 200 });
    probe.on('error', () => undefined);
    await probe.connect();
    const counted = async (): Promise<number> => {
      const keys = await probe.keys(`ai-rla:${namespace}:*`);
      return keys.length === 0 ? 0 : (await probe.mget(...keys)).reduce((n, v) => n + Number(v ?? 0), 0);
    };
    let stop = false;
    const statuses: number[] = [];
    const load = Promise.all(
      [0, 1].map(async () => {
        while (!stop) statuses.push((await withTimeout(generate(url, { apikey: 'alice-key' }), 10_000, 'a request under load')).status);
      }),
    );
    try {
      // on a loaded machine the first answers (and their charges) can take more than a moment: poll
      let first = 0;
      for (const end = Date.now() + 10_000; first === 0 && Date.now() < end; await sleep(100)) first = await counted();
      assert.ok(first > 0, 'counted in Redis before the outage');
      await redis.stop('SIGKILL');
      await proc.waitForLine(/redis 127\.0\.0\.1:\d+ unreachable/, 10_000);
      await sleep(1_500);
      await redis.start();
      await proc.waitForLine(/redis 127\.0\.0\.1:\d+ is reachable again/, 15_000);
      // the pushes are asynchronous: poll (the probe itself may still be reconnecting)
      let before = 0;
      for (const end = Date.now() + 5_000; before === 0 && Date.now() < end; await sleep(100)) before = await counted().catch(() => 0);
      await sleep(500);
      stop = true;
      await load;
      const afterRestart = await counted();
      assert.ok(before > 0, 'counts made during the outage were pushed to the restarted Redis');
      assert.ok(afterRestart > before, `counting resumed in Redis (${before} → ${afterRestart})`);
      assert.ok(statuses.length > 20, `${statuses.length} requests under load`);
      assert.deepEqual([...new Set(statuses)], [200], 'every request answered 200: the node counted locally meanwhile');
      assert.equal(proc.child.exitCode, null, 'the gateway is still running');
      const output = proc.stdout() + proc.stderr();
      assert.equal(output.match(/unreachable/g)?.length, 1, 'the outage is logged once');
      assert.equal(output.match(/reachable again/g)?.length, 1, 'the recovery is logged once');
    } finally {
      stop = true;
      await load.catch(() => undefined);
      probe.disconnect();
    }
  });
});
