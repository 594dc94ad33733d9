// The ai-proxy-advanced tries, in process, over real HTTP: the gateway (startGateway, a decK
// file) in front of the mock LLM, with a spy balancer (round-robin over the targets not yet
// tried, no weights) that records what the proxy reports to it. This pins the proxy's side of
// the contract in src/gateway/balancer/types.ts — which try is reported failed and which ok, the
// failover rule (failover_criteria, non_idempotent, retries), credentials never carried from one
// target to the next, the client's format kept across providers, streams before and after their
// first byte — whatever the real algorithms do (their tests are theirs; the end-to-end tests
// with the real balancer are in src/gateway/test/ai-proxy-advanced*.integration.test.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { request } from 'undici';
import { SafeError } from '../../../common/index.js';
import { startMock, type StartedMock } from '../../../mock-llm/mock.test-helper.js';
import type { AttemptOutcome, Balancer, BalancerConfig, BalancerTarget } from '../../balancer/types.js';
import { startGateway, type Gateway } from '../../server/index.js';
import { DeckSource } from '../../sources/deck/source.js';
import { forgetBalancers, setLogWriter, useBalancerFactory } from '../index.js';

const OPENAI_KEY = 'sk-openai-Secret-11';
const ANTHROPIC_KEY = 'sk-ant-Secret-22';

interface Spy {
  readonly ends: { index: number; outcome: AttemptOutcome }[];
  /** Picks that no try followed (Balancer.release). */
  readonly releases: number[];
  /** Targets to report as ejected (pick never offers them). */
  readonly ejected: Set<number>;
}
const spies = new Map<string, Spy>();

/** A round-robin spy: offers the next target not tried and not ejected; records every end(). */
function spyBalancer(config: BalancerConfig, targets: readonly BalancerTarget[]): Balancer {
  if (config.algorithm === 'semantic') throw new SafeError("config.balancer.algorithm 'semantic' needs a vector store, which this gateway does not have");
  const spy: Spy = { ends: [], releases: [], ejected: new Set() };
  spies.set(targets.map((t) => t.label).join(','), spy);
  let next = 0;
  const choose = (tried: ReadonlySet<number>, commit: boolean) => {
    const ejected = [...spy.ejected].filter((i) => !tried.has(i));
    for (let i = 0; i < targets.length; i++) {
      const index = (next + i) % targets.length;
      if (tried.has(index) || spy.ejected.has(index)) continue;
      if (commit) next = index + 1;
      return { index, reason: `spy: ${index}`, ejected };
    }
    return null;
  };
  return {
    algorithm: config.algorithm,
    pick: (_input, tried) => choose(tried, true),
    preview: (_input, tried) => choose(tried, false),
    begin() {},
    release(index) {
      spy.releases.push(index);
    },
    end(index, outcome) {
      spy.ends.push({ index, outcome });
    },
    state: () => targets.map((t) => ({ index: t.index, label: t.label, weight: t.weight, measure: null, inFlight: 0, fails: 0, ejectedUntilMs: spy.ejected.has(t.index) ? Date.now() + 60_000 : null, health: spy.ejected.has(t.index) ? 'ejected' : 'healthy' })),
  };
}

const BALANCER = (criteria: string[], retries = 5, extra = '') =>
  `{ algorithm: round-robin, retries: ${retries}, failover_criteria: [${criteria.join(', ')}], connect_timeout: 1000, write_timeout: 1000, read_timeout: 400, hash_on_header: X-Kong-LLM-Request-ID, latency_strategy: tpot, tokens_count_strategy: total-tokens, slots: 10000, max_fails: 0, fail_timeout: 10000${extra} }`;

const openai = (up: string, model: string) =>
  `{ route_type: llm/v1/chat, weight: 100, auth: { header_name: Authorization, header_value: "Bearer ${OPENAI_KEY}" }, logging: { log_statistics: true, log_payloads: false }, model: { provider: openai, name: ${model}, options: { upstream_url: "${up}/v1/chat/completions", input_cost: 1, output_cost: 2 } } }`;
const anthropic = (up: string, model: string) =>
  `{ route_type: llm/v1/chat, weight: 100, auth: { header_name: x-api-key, header_value: "${ANTHROPIC_KEY}" }, model: { provider: anthropic, name: ${model}, options: { anthropic_version: "2023-06-01", upstream_url: "${up}/v1/messages" } } }`;

function config(up: string): string {
  const route = (name: string, targets: string[], balancer: string) => `      - name: ${name}
        paths: [/${name}]
        plugins:
          - name: ai-proxy-advanced
            config:
              targets: [${targets.join(', ')}]
              balancer: ${balancer}`;
  const three = [openai(up, 'a'), openai(up, 'b'), openai(up, 'c')];
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
${route('full', three, BALANCER(['error', 'timeout', 'invalid_header', 'http_403', 'http_404', 'http_429', 'http_500', 'http_502', 'http_503', 'http_504', 'non_idempotent']))}
${route('kong-default', [openai(up, 'd'), openai(up, 'e'), openai(up, 'f')], BALANCER(['error', 'timeout']))}
${route('no-idem', [openai(up, 'g'), openai(up, 'h')], BALANCER(['http_429', 'http_500']))}
${route('one-retry', [openai(up, 'i'), openai(up, 'j'), openai(up, 'k')], BALANCER(['http_500', 'non_idempotent'], 1))}
${route('cross', [openai(up, 'oa'), anthropic(up, 'claude-x')], BALANCER(['http_503', 'timeout', 'error', 'non_idempotent']))}
${route('dead', [openai('http://127.0.0.1:1', 'dead'), openai(up, 'alive')], BALANCER(['error', 'timeout']))}
${route('breaker', [openai(up, 'x'), openai(up, 'y')], BALANCER(['error']).replace('max_fails: 0', 'max_fails: 1'))}
${route('guarded', [openai(up, 'ga'), anthropic(up, 'claude-g')], BALANCER(['http_503', 'non_idempotent']))}
          - name: ai-prompt-decorator
            config: { prompts: { append: [{ role: user, content: "Answer in French." }] } }
          - name: ai-prompt-guard
            config: { deny_patterns: ["(?i)password"] }
${route('acls', [openai(up, 'acl')], BALANCER(['error']) + `
              acls: { deny: [{ match: [{ type: header, key: x-team, values: [blocked] }] }] }`)}
${route('refusing', [openai(up, 'ra'), openai(up, 'rb').replace('route_type: llm/v1/chat', 'route_type: llm/v1/completions')], BALANCER(['http_500', 'non_idempotent']))}
${route('refusing-first', [openai(up, 'rc').replace('route_type: llm/v1/chat', 'route_type: llm/v1/completions')], BALANCER(['error']))}
${route('semantic', [openai(up, 's').replace('weight: 100', 'weight: 100, description: "anything"')], BALANCER(['error']).replace('round-robin', 'semantic'))}
`;
}

let mock: StartedMock;
let gw: Gateway;
let GW: string;
const logs: string[] = [];

before(async () => {
  useBalancerFactory(spyBalancer);
  mock = await startMock({ keys: { openai: OPENAI_KEY, anthropic: ANTHROPIC_KEY } });
  const dir = mkdtempSync(join(tmpdir(), 'aipa-balance-'));
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
beforeEach(async () => {
  logs.length = 0;
  await mock.clear();
});

const spyOf = (...labels: string[]) => spies.get(labels.join(','))!;

async function chat(path: string, fault?: string, extra: Record<string, unknown> = {}) {
  const res = await request(`${GW}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(fault ? { 'x-mock-fault': fault } : {}) },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'one two three' }], ...extra }),
  });
  const chunks: Buffer[] = [];
  let error = '';
  try {
    for await (const c of res.body) chunks.push(c as Buffer);
  } catch (e) {
    error = (e as Error).message; // a cut response: what arrived is kept
  }
  return { status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), error };
}

const modelsSeen = async () => (await mock.requests()).map((r) => `${(r.json as { model?: string } | null)?.model}:${r.status ?? '-'}`);

describe('ai-proxy-advanced tries', () => {
  it('healthy targets: each request goes to the balancer\'s pick, reported ok with its usage; X-Kong-LLM-Model names it', async () => {
    const spy = spyOf('openai/a', 'openai/b', 'openai/c');
    spy.ends.length = 0;
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await chat('full');
      assert.equal(r.status, 200, r.text);
      got.push(String(r.headers['x-kong-llm-model']));
      assert.equal(JSON.parse(r.text).object, 'chat.completion');
    }
    assert.deepEqual(got.sort(), ['openai/a', 'openai/b', 'openai/c']);
    assert.equal(spy.ends.length, 3);
    for (const e of spy.ends) {
      assert.equal(e.outcome.ok, true);
      assert.ok(e.outcome.promptTokens! > 0 && e.outcome.completionTokens! > 0, JSON.stringify(e.outcome));
      assert.ok(e.outcome.cost! > 0, 'log_statistics and input/output_cost: the cost is reported');
    }
    assert.deepEqual(logs, []);
  });

  it('each criterion with non_idempotent: the failing target is reported failed, the next one serves, one log line per failed try', async () => {
    const spy = spyOf('openai/a', 'openai/b', 'openai/c');
    for (const fault of ['429', '500', '502', '503', '504', '403', '404', 'reset', 'hang', 'invalid-header', 'cut-after-headers']) {
      spy.ends.length = 0;
      logs.length = 0;
      // every target but one fails: whichever comes first, the request ends on the healthy one
      const r = await chat('full', `${fault}@a, ${fault}@b`);
      assert.equal(r.status, 200, `${fault}: ${r.text}`);
      assert.equal(r.headers['x-kong-llm-model'], 'openai/c', fault);
      const failed = spy.ends.filter((e) => !e.outcome.ok).map((e) => e.index);
      assert.ok(failed.length >= 1 && failed.every((i) => i !== 2), `${fault}: ${JSON.stringify(spy.ends)}`);
      assert.deepEqual(spy.ends.at(-1)!.index, 2);
      assert.equal(logs.length, failed.length, `${fault}: ${logs.join('\n')}`);
      const criterion = /^\d+$/.test(fault) ? `http_${fault}` : fault === 'hang' ? 'timeout' : fault === 'invalid-header' ? 'invalid_header' : 'error';
      for (const line of logs) assert.match(line, new RegExp(`failed: ${criterion} .*failing over to targets\\[`), line);
    }
  });

  it('the analytics line (log_statistics) is the serving target\'s, with every try in tried_targets', async () => {
    const lines: string[] = [];
    setLogWriter((l) => void lines.push(l));
    try {
      const r = await chat('full', '429@a, 503@b');
      assert.equal(r.status, 200);
    } finally {
      setLogWriter((l) => void process.stdout.write(l));
    }
    const entry = JSON.parse(lines.at(-1)!) as { ai: { proxy: { meta: { request_model: string; provider_name: string }; tried_targets: { target: number; model: string; outcome: string }[] } } };
    const tried = entry.ai.proxy.tried_targets;
    assert.equal(tried.at(-1)!.outcome, 'ok');
    assert.equal(tried.at(-1)!.model, 'c');
    for (const t of tried.slice(0, -1)) assert.equal(t.outcome, { a: 'http_429', b: 'http_503' }[t.model], JSON.stringify(tried));
    assert.equal(tried.length, (await mock.requests()).length, 'one entry per try');
    assert.equal(entry.ai.proxy.meta.request_model, 'c');
  });

  it("Kong's default criteria (error, timeout) without non_idempotent: a 429 or a reset is the client's; a refused connection fails over", async () => {
    const r429 = await chat('kong-default', '429@d, 429@e, 429@f');
    assert.equal(r429.status, 429, 'http_429 is not listed: an ordinary answer');
    const reset = await chat('kong-default', 'reset@d, reset@e, reset@f');
    assert.equal(reset.status, 502, 'the POST had been sent: no failover without non_idempotent');
    assert.match(logs.join('\n'), /not failed over: the POST had reached the target and failover_criteria does not list 'non_idempotent'; the client gets a 502/);
    const spy = spyOf('openai/dead', 'openai/alive');
    spy.ends.length = 0;
    for (let i = 0; i < 2; i++) assert.equal((await chat('dead')).status, 200, 'connection refused: never sent, so error fails over');
    assert.ok(spy.ends.some((e) => e.index === 0 && !e.outcome.ok));
  });

  it('a listed status without non_idempotent: counted failed, not failed over, the client gets the upstream answer', async () => {
    const spy = spyOf('openai/g', 'openai/h');
    spy.ends.length = 0;
    const r = await chat('no-idem', '429@g, 429@h');
    assert.equal(r.status, 429);
    assert.equal(JSON.parse(r.text).error.code, 'rate_limit_exceeded', "the vendor's own body");
    assert.deepEqual(spy.ends.map((e) => e.outcome.ok), [false]);
    assert.match(logs[0]!, /failed: http_429 \(answered 429\).*not failed over/);
    assert.equal((await mock.requests()).length, 1);
  });

  it('retries exhausted: the last failure\'s status reaches the client', async () => {
    const r = await chat('one-retry', '500@i, 500@j, 500@k');
    assert.equal(r.status, 500);
    assert.equal((await mock.requests()).length, 2, 'retries 1: two tries');
    assert.match(logs.at(-1)!, /no retries left \(config\.balancer\.retries 1\); the client gets the 500/);
  });

  it('cross-provider: OpenAI fails, Anthropic serves in OpenAI format; no OpenAI credential reaches Anthropic', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await chat('cross', '503@oa');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['x-kong-llm-model'], 'anthropic/claude-x');
      const body = JSON.parse(r.text);
      assert.equal(body.object, 'chat.completion');
      assert.equal(typeof body.choices[0].message.content, 'string');
    }
    const recs = await mock.requests();
    const toAnthropic = recs.filter((r) => r.vendor === 'anthropic');
    assert.ok(toAnthropic.length >= 1);
    for (const r of toAnthropic) {
      assert.equal(r.headers.authorization, undefined, 'the OpenAI target\'s Authorization is not carried over');
      assert.equal(r.headers['x-api-key'], ANTHROPIC_KEY);
      assert.equal(r.auth, 'valid');
    }
  });

  it('streams: a failure before the first byte fails over (the client sees one clean stream); after it, an error and no [DONE]', async () => {
    const early = await chat('cross', 'hang@oa', { stream: true });
    assert.equal(early.status, 200);
    assert.equal(early.headers['x-kong-llm-model'], 'anthropic/claude-x');
    assert.match(early.text, /data: \[DONE\]\n\n$/);
    assert.doesNotMatch(early.text, /"error"/);

    const spy = spyOf('openai/oa', 'anthropic/claude-x');
    spy.ends.length = 0;
    const late = await chat('cross', 'cut-mid-stream', { stream: true });
    assert.equal(late.status, 200);
    assert.doesNotMatch(late.text, /\[DONE\]/);
    assert.notEqual(late.error, '', 'the response did not end cleanly');
    assert.match(late.text, /"error"/, 'an error event before the cut');
    assert.deepEqual(spy.ends.map((e) => e.outcome.ok), [false], 'the target that cut the stream is reported failed');
    assert.match(logs.join('\n'), /no failover once the client has the first bytes/);
  });

  it('no target available: Kong\'s 500 (failed to get peer)', async () => {
    const spy = spyOf('openai/x', 'openai/y');
    spy.ejected.add(0).add(1);
    try {
      const r = await chat('breaker');
      assert.equal(r.status, 500);
      assert.match(JSON.parse(r.text).message, /^failed to get peer: every target is ejected by the circuit breaker/);
      assert.equal((await mock.requests()).length, 0);
    } finally {
      spy.ejected.clear();
    }
  });

  it('ai-prompt-decorator and ai-prompt-guard run before the tries; every target gets the decorated prompt', async () => {
    const refused = await chat('guarded', undefined, { messages: [{ role: 'user', content: 'my password is hunter2' }] });
    assert.deepEqual([refused.status, JSON.parse(refused.text)], [400, { error: { message: 'bad request' } }]);
    assert.equal((await mock.requests()).length, 0);
    const r = await chat('guarded', '503@ga');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['x-kong-llm-model'], 'anthropic/claude-g');
    for (const rec of await mock.requests()) assert.match(rec.body, /Answer in French\./, `${rec.vendor} got the decorated prompt`);
  });

  it("a pick its driver refuses (a chat request for a completions target) is released, never begun nor ended: its half-open probe lapses at once", async () => {
    const spy = spyOf('openai/ra', 'openai/rb');
    const r = await chat('refusing', '500@ra');
    assert.equal(r.status, 500, 'the 500 of the one try stands');
    assert.deepEqual(spy.ends.map((e) => [e.index, e.outcome.ok]), [[0, false]]);
    assert.deepEqual(spy.releases, [1], 'the refused retry pick is released');
    assert.match(logs.join('\n'), /passed over targets\[1\] openai\/rb: its driver refuses this request \(400: /);

    const first = spyOf('openai/rc');
    const refused = await chat('refusing-first');
    assert.equal(refused.status, 400, "the first target refuses: Kong's answer to the client");
    assert.deepEqual([first.ends, first.releases], [[], [0]]);
    assert.equal((await mock.requests()).length, 1, 'only the 500 try reached an upstream');
  });

  it('config.acls (not enforced here): refused with 500 naming it, never proxied', async () => {
    const r = await chat('acls');
    assert.equal(r.status, 500);
    assert.match(JSON.parse(r.text).message, /^config\.acls \(allow\/deny rules\) is not enforced by this gateway/);
    assert.equal((await mock.requests()).length, 0);
  });

  it('semantic: the balancer refuses it; requests get 500 with its message, logged once', async () => {
    const r = await chat('semantic');
    assert.equal(r.status, 500);
    assert.match(JSON.parse(r.text).message, /'semantic' needs a vector store/);
    await chat('semantic');
    assert.equal(logs.filter((l) => l.includes('semantic')).length, 1);
  });
});
