// Issue #15 item 5: three bin/ai-gateway nodes (Admin API on each, `--database postgres`) on one
// real PostgreSQL and one real Redis, in front of bin/mock-llm (OpenAI's API), all started here
// and stopped by PID. Configuration is written through the nodes' Admin APIs only.
//   (a) an ai-rate-limiting-advanced plugin created through node 1 serves on nodes 2 and 3
//       within the update frequency — measured from the write's acknowledgement; with NOTIFY
//       well under 1 s;
//   (b) its limit of N tokens a minute for consumer alice (strategy redis, sync_rate 0), traffic
//       spread round-robin over the three nodes, admits at least N and at most N plus one
//       request's tokens per node, counted from the answers' usage — and Redis holds exactly the
//       tokens the answers reported;
//   (c) node 2 `kill -9`ed under load: no failed request on nodes 1 and 3;
//   (d) Redis killed and restarted under load: no failed request and no crash (Kong's documented
//       fallback: each node counts in its own memory meanwhile), each node says so once each way,
//       and the shared limit holds again once Redis is back;
//   (e) PostgreSQL stopped and started on the same data directory under load: nodes keep serving,
//       /status says `stale` meanwhile and `ok` after, and a write made after it came back is in
//       force on every node within the update frequency.
// Needs `make build`; skips loudly without redis-server or PostgreSQL (fails with REQUIRE_SERVICES=1).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { postgresSkipReason, startPostgres, stopStartedPostgres, type TestPostgres } from '../../src/testing/postgres.js';
import { killStartedProcesses, REPO_ROOT, runCommand } from '../../src/testing/index.js';
import { redisSkipReason, startRedis, type TestRedis } from '../../src/testing/redis.js';
import { startProcess, type StartedProcess } from '../../src/testing/tgi/index.js';

const skip = redisSkipReason() ?? postgresSkipReason();
const GATEWAY = join(REPO_ROOT, 'bin/ai-gateway');
const OPENAI_KEY = 'sk-multi-node-upstream-Secret-7';
/** alice's limit: tokens per minute. */
const N = 200;
const NAMESPACE = 'multi-node-alice';
/** Kong's default db_update_frequency: what "within the update frequency" means here. */
const UPDATE_FREQUENCY_S = 5;
const LIMIT_HEADER = 'x-ai-ratelimit-limit-minute-openai';
const BODY = JSON.stringify({ messages: [{ role: 'user', content: 'alpha beta gamma delta' }], max_tokens: 4 });

interface Node {
  readonly name: string;
  readonly proc: StartedProcess;
  readonly admin: string;
  readonly proxy: string;
  readonly status: string;
}

interface Answer {
  readonly node: string;
  /** 0: no HTTP answer (connection refused or reset, timeout). */
  readonly status: number;
  readonly limit: string | null;
  readonly tokens: number;
  readonly error?: string;
}

let pg: TestPostgres;
let redis: TestRedis;
let mockLlm: StartedProcess;
let nodes: Node[] = [];
let probe: Redis;

async function chat(node: Node, key: string): Promise<Answer> {
  try {
    const r = await fetch(`${node.proxy}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', apikey: key },
      body: BODY,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await r.text();
    const tokens = r.status === 200 ? (JSON.parse(text) as { usage: { total_tokens: number } }).usage.total_tokens : 0;
    return { node: node.name, status: r.status, limit: r.headers.get(LIMIT_HEADER), tokens, ...(r.status === 200 ? {} : { error: text.slice(0, 300) }) };
  } catch (e) {
    return { node: node.name, status: 0, limit: null, tokens: 0, error: String((e as Error).cause ?? e) };
  }
}

async function admin(node: Node, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${node.admin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The node's /status `source`; a node that does not answer fails the test with its exit status and log. */
async function sourceOf(node: Node): Promise<Record<string, unknown>> {
  try {
    return ((await (await fetch(`${node.status}/status`, { signal: AbortSignal.timeout(10_000) })).json()) as { source: Record<string, unknown> }).source;
  } catch (e) {
    throw new Error(`${node.name}: /status did not answer (${String((e as Error).cause ?? e)}); exit ${node.proc.child.exitCode ?? node.proc.child.signalCode ?? 'none'}\n${node.proc.stderr().slice(-3000)}`);
  }
}

/** Polls `check` every `everyMs` until it is true; fails naming `what` after `limitMs`. Returns the ms it took. */
async function until(what: string, check: () => Promise<boolean>, limitMs: number, everyMs = 20): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (await check()) return performance.now() - t0;
    if (performance.now() - t0 > limitMs) assert.fail(`${what}: not within ${limitMs} ms`);
    await sleep(everyMs);
  }
}

/**
 * Clients sending chat requests round-robin over `targets()` (as a load balancer would), each
 * client one request at a time, until stop(); every answer is kept.
 */
const loads = new Set<{ stop(): Promise<Answer[]> }>();

function load(targets: () => readonly Node[], key: string, clients = 4) {
  const answers: Answer[] = [];
  let stopped = false;
  let next = 0;
  const running = Promise.all(
    Array.from({ length: clients }, async () => {
      while (!stopped) {
        const live = targets();
        const a = await chat(live[next++ % live.length]!, key);
        answers.push(a);
        if (a.status === 0) await sleep(20); // a dead node refuses at once: do not spin
      }
    }),
  );
  const handle = {
    answers,
    async stop() {
      stopped = true;
      loads.delete(handle);
      await running;
      return answers;
    },
  };
  loads.add(handle);
  return handle;
}

/** The answers of `node` that are not 200, for an assertion message. */
const failures = (answers: readonly Answer[], node: string) => answers.filter((a) => a.node === node && a.status !== 200);

/** Sum of every ai-rate-limiting-advanced counter of `namespace` in Redis. */
async function counted(namespace: string): Promise<number> {
  const keys = await probe.keys(`ai-rla:${namespace}:*`);
  return keys.length === 0 ? 0 : (await probe.mget(...keys)).reduce((n, v) => n + Number(v ?? 0), 0);
}

/** Leaves at least `needS` seconds before the current minute ends (a limit test must not straddle a window). */
async function roomInMinute(needS: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needS * 1000) await sleep(left + 100);
}

/**
 * alice's traffic in rounds of three simultaneous requests, one to each node (round-robin, at
 * most one in flight per node, as a load balancer with one connection per node), until every
 * node refuses: the tokens admitted per node, from the answers' usage.
 */
async function spendAlice(on: readonly Node[]): Promise<{ admitted: Map<string, number>; perRequest: Set<number>; answers: Answer[] }> {
  const admitted = new Map(on.map((n) => [n.name, 0]));
  const perRequest = new Set<number>();
  const all: Answer[] = [];
  for (let round = 0; ; round++) {
    assert.ok(round < 100, 'alice was never limited');
    const answers = await Promise.all(on.map((n) => chat(n, 'alice-key')));
    all.push(...answers);
    for (const a of answers) {
      assert.ok(a.status === 200 || a.status === 429, `${a.node}: ${a.status} ${a.error ?? ''}`);
      assert.equal(a.limit, String(N), `${a.node}: alice's own limit applies`);
      if (a.status === 200) {
        admitted.set(a.node, admitted.get(a.node)! + a.tokens);
        perRequest.add(a.tokens);
      }
    }
    if (answers.every((a) => a.status === 429)) return { admitted, perRequest, answers: all };
  }
}

async function startNode(name: string): Promise<Node> {
  const proc = await startProcess(
    GATEWAY,
    [
      ...pg.flags().filter((f, i, all) => f !== '--pg-password' && all[i - 1] !== '--pg-password'),
      '--admin-listen', '127.0.0.1:0',
      '--proxy-listen', '127.0.0.1:0',
      '--status-listen', '127.0.0.1:0',
      '--workers', '1',
      '--db-update-frequency', String(UPDATE_FREQUENCY_S),
    ],
    { env: { ...process.env, KONG_PG_PASSWORD: pg.password }, listeners: ['proxy', 'status', 'admin-api'], timeoutMs: 30_000 },
  );
  return { name, proc, admin: proc.listeners.get('admin-api')!, proxy: proc.listeners.get('proxy')!, status: proc.listeners.get('status')! };
}

describe('three gateway nodes on one PostgreSQL and one Redis (issue #15 item 5)', { skip, timeout: 180_000 }, () => {
  /** alice's tokens admitted in (a), once her plugin was in force. */
  let spentInA = 0;

  before(async () => {
    [pg, redis, mockLlm] = await Promise.all([
      startPostgres(),
      startRedis(),
      startProcess(join(REPO_ROOT, 'bin/mock-llm'), ['--listen', '127.0.0.1:0', '--openai-key', OPENAI_KEY], { listeners: ['mock-llm'] }),
    ]);
    const up = await runCommand(GATEWAY, ['migrations', 'up', ...pg.flags()], { timeoutMs: 30_000 });
    assert.equal(up.code, 0, up.stderr);
    nodes = await Promise.all(['node 1', 'node 2', 'node 3'].map(startNode));
    probe = new Redis({ host: redis.host, port: redis.port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    probe.on('error', () => undefined);
    await probe.connect();

    // Everything through node 1's Admin API: an OpenAI-format chat route to bin/mock-llm, key-auth,
    // two consumers, and a global limit (redis) so every request of (c)–(e) counts in Redis.
    const n1 = nodes[0]!;
    const writes: [string, unknown][] = [
      ['/services', { name: 'llm', url: 'http://127.0.0.1:9' }],
      ['/services/llm/routes', { name: 'chat', paths: ['/chat'] }],
      [
        '/services/llm/plugins',
        {
          name: 'ai-proxy',
          config: {
            route_type: 'llm/v1/chat',
            auth: { header_name: 'Authorization', header_value: `Bearer ${OPENAI_KEY}` },
            model: { provider: 'openai', name: 'gpt-test', options: { upstream_url: `${mockLlm.listeners.get('mock-llm')}/v1/chat/completions` } },
          },
        },
      ],
      ['/plugins', { name: 'key-auth', config: { key_names: ['apikey'] } }],
      ['/plugins', rla('multi-node-everyone', 1_000_000_000)],
      ['/consumers', { username: 'alice' }],
      ['/consumers/alice/key-auth', { key: 'alice-key' }],
      ['/consumers', { username: 'bob' }],
      ['/consumers/bob/key-auth', { key: 'bob-key' }],
    ];
    for (const [path, body] of writes) {
      const r = await admin(n1, 'POST', path, body);
      assert.equal(r.status, 201, `POST ${path}: ${JSON.stringify(r.body)}`);
    }
    // Every node serves it (this also opens each node's Redis and upstream connections).
    for (const n of nodes) await until(`${n.name} serves bob`, async () => (await chat(n, 'bob-key')).limit === '1000000000', 10_000);
  });

  // A scenario that fails midway must not leave its clients running.
  afterEach(async () => {
    await Promise.all([...loads].map((l) => l.stop()));
  });

  after(async () => {
    probe?.disconnect();
    await killStartedProcesses();
    await redis?.close();
    await stopStartedPostgres();
  });

  it('(a) a plugin created through node 1 is in force on nodes 2 and 3 within the update frequency (NOTIFY: well under 1 s)', async () => {
    for (const n of nodes) assert.equal((await sourceOf(n)).notify, 'listening', `${n.name} LISTENs for changes`);
    await roomInMinute(15); // (a) and (b) charge alice's tokens in one minute window
    const [n1, n2, n3] = nodes as [Node, Node, Node];
    const created = await admin(n1, 'POST', '/consumers/alice/plugins', rla(NAMESPACE, N));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const acked = performance.now();
    // Each node asked in a tight loop until alice's answers carry her limit; the time is from the acknowledgement.
    const inForce = async (n: Node) => {
      for (;;) {
        const a = await chat(n, 'alice-key');
        assert.equal(a.status, 200, `${n.name}: ${a.error}`);
        if (a.limit === String(N)) return { ms: performance.now() - acked, tokens: a.tokens };
        if (performance.now() - acked > UPDATE_FREQUENCY_S * 1000 + 3000) assert.fail(`${n.name}: alice's plugin not in force ${UPDATE_FREQUENCY_S + 3} s after the write`);
      }
    };
    const [first, on2, on3] = await Promise.all([chat(n1, 'alice-key'), inForce(n2), inForce(n3)]);
    assert.equal(first.limit, String(N), 'node 1 applies its own write to the first request after the acknowledgement');
    process.stderr.write(`# (a) alice's plugin written on node 1: in force on node 2 after ${on2.ms.toFixed(0)} ms, on node 3 after ${on3.ms.toFixed(0)} ms\n`);
    for (const d of [on2.ms, on3.ms]) assert.ok(d < 1000, `in force within 1 s of the write (NOTIFY), not at the next poll: ${d.toFixed(0)} ms`);
    // Those first answers were charged to alice like any other.
    spentInA = first.tokens + on2.tokens + on3.tokens;
  });

  it(`(b) alice's limit of ${N} tokens a minute, traffic round-robin over three nodes: at least N, at most N plus one request's tokens per node`, async () => {
    const { admitted, perRequest } = await spendAlice(nodes);
    assert.equal(perRequest.size, 1, `every answer reports the same usage: ${[...perRequest].join(', ')}`);
    const T = [...perRequest][0]!;
    const total = spentInA + [...admitted.values()].reduce((a, b) => a + b, 0);
    process.stderr.write(`# (b) admitted ${total} tokens for a limit of ${N} (${spentInA} in (a), then ${[...admitted].map(([n, t]) => `${n} ${t}`).join(', ')}; ${T} per request)\n`);
    assert.ok(total >= N, `admitted ${total}: at least the limit`);
    assert.ok(total <= N + nodes.length * T, `admitted ${total}: at most N + one request per node = ${N + nodes.length * T}`);
    for (const [n, t] of admitted) assert.ok(t > 0, `${n} admitted some of it`);
    assert.equal(await counted(NAMESPACE), total, 'Redis holds exactly the tokens the answers reported');
  });

  it('(c) node 2 killed (-9) under load: no failed request on nodes 1 and 3', async () => {
    const [n1, n2, n3] = nodes as [Node, Node, Node];
    let live: readonly Node[] = nodes;
    const traffic = load(() => live, 'bob-key');
    await sleep(800);
    const beforeKill = traffic.answers.length;
    await n2.proc.kill('SIGKILL');
    assert.equal(await n2.proc.exited(), 'SIGKILL');
    await sleep(600); // the balancer still sends node 2 its share: refused
    live = [n1, n3]; // then takes it out of rotation
    await sleep(800);
    const answers = await traffic.stop();
    const on = (n: Node) => answers.filter((a) => a.node === n.name).length;
    process.stderr.write(`# (c) ${answers.length} requests (${beforeKill} before the kill): node 1 ${on(n1)}, node 3 ${on(n3)} (all 200), node 2 ${on(n2)} (${failures(answers, n2.name).length} failed: killed)\n`);
    assert.deepEqual(failures(answers, n1.name), [], 'node 1: no failed request');
    assert.deepEqual(failures(answers, n3.name), [], 'node 3: no failed request');
    assert.ok(on(n1) > 10 && on(n3) > 10, 'both carried load');
    assert.ok(failures(answers, n2.name).length > 0, 'requests sent to node 2 after the kill failed (it was really gone)');
    assert.ok(answers.every((a) => a.status !== 200 || a.limit === '1000000000'), 'the global limit applied throughout');
    nodes = [n1, n3];
  });

  it('(d) Redis killed and restarted under load: no failed request, no crash, logged once each way; the shared limit holds again', async () => {
    const [n1, n3] = nodes as [Node, Node];
    const traffic = load(() => nodes, 'bob-key');
    await sleep(500);
    const bobBefore = await counted('multi-node-everyone');
    await redis.stop('SIGKILL');
    for (const n of nodes) await n.proc.waitForLine(/redis 127\.0\.0\.1:\d+ unreachable/, 10_000);
    await sleep(1000);
    const during = traffic.answers.length;
    await redis.start();
    for (const n of nodes) await n.proc.waitForLine(/redis 127\.0\.0\.1:\d+ is reachable again/, 15_000);
    // Counting resumes in Redis: bob's counter, empty after the restart, grows again.
    await until('bob counted in Redis again', async () => (await counted('multi-node-everyone').catch(() => 0)) > 0, 10_000, 100);
    const resumed = await counted('multi-node-everyone');
    await until('bob\'s counter growing in Redis', async () => (await counted('multi-node-everyone')) > resumed, 10_000, 100);
    const answers = await traffic.stop();
    process.stderr.write(`# (d) ${answers.length} requests (${during} before Redis came back), bob counted ${bobBefore} before the kill, ${resumed} once it was back\n`);
    assert.ok(bobBefore > 0, 'bob was counted in Redis before the outage');
    for (const n of nodes) {
      assert.deepEqual(failures(answers, n.name), [], `${n.name}: no failed request`);
      assert.equal(n.proc.child.exitCode, null, `${n.name} is running`);
      const log = n.proc.stderr();
      assert.equal(log.match(/redis 127\.0\.0\.1:\d+ unreachable/g)?.length, 1, `${n.name} logs the outage once:\n${log}`);
      assert.equal(log.match(/is reachable again: counts made meanwhile pushed/g)?.length, 1, `${n.name} logs the recovery once`);
    }
    // The restarted Redis is empty (no persistence), so alice starts again from zero — shared by
    // both nodes again, not counted per node (which would admit up to 2 N).
    await roomInMinute(8);
    const { admitted, perRequest } = await spendAlice([n1, n3]);
    const T = Math.max(...perRequest);
    const total = [...admitted.values()].reduce((a, b) => a + b, 0);
    process.stderr.write(`# (d) after the restart, alice admitted ${total} tokens for a limit of ${N} over two nodes\n`);
    assert.ok(total >= N && total <= N + 2 * T, `admitted ${total}: between N and N + one request per node (${N + 2 * T})`);
    assert.equal(await counted(NAMESPACE), total, 'in Redis again, exactly');
  });

  it('(e) PostgreSQL stopped and started under load: nodes keep serving, /status says so, writes made after it came back are in force on every node', async () => {
    const [n1, n3] = nodes as [Node, Node];
    const aliceRla = await pluginId(n1);
    const traffic = load(() => nodes, 'bob-key', 2);
    await sleep(300);
    await pg.shutdown(); // a clean stop; started again below on the same data directory
    const downAt = performance.now();
    for (const n of nodes) await until(`${n.name} /status stale`, async () => (await sourceOf(n)).state === 'stale', 10_000, 100);
    const doubled = { config: { llm_providers: [{ name: 'openai', limit: [2 * N], window_size: [60] }] } };
    const refused = await admin(n3, 'PATCH', `/plugins/${aliceRla}`, doubled);
    assert.equal(refused.status, 503, `the Admin API cannot write meanwhile: ${JSON.stringify(refused.body)}`);
    await sleep(500);
    await pg.start();
    const backAt = performance.now();
    // The first write after the restart (retried while the node reconnects): alice's limit doubled, through node 3.
    let patched = 0;
    const aliceLimit = await until(
      'a write accepted after PostgreSQL came back',
      async () => {
        patched = (await admin(n3, 'PATCH', `/plugins/${aliceRla}`, doubled)).status;
        return patched === 200;
      },
      10_000,
      100,
    );
    const seen = await Promise.all(
      nodes.map((n) =>
        until(`${n.name} applies the write made after the restart`, async () => (await chat(n, 'alice-key')).limit === String(2 * N), UPDATE_FREQUENCY_S * 1000 + 3000, 50),
      ),
    );
    const answers = await traffic.stop();
    process.stderr.write(
      `# (e) PostgreSQL down ${(backAt - downAt).toFixed(0)} ms; ${answers.length} requests meanwhile and after, all 200; first write accepted ${aliceLimit.toFixed(0)} ms after it was back; in force on node 1 after ${seen[0]!.toFixed(0)} ms, node 3 after ${seen[1]!.toFixed(0)} ms\n`,
    );
    for (const n of nodes) {
      assert.deepEqual(failures(answers, n.name), [], `${n.name}: no failed request`);
      await until(`${n.name} /status ok`, async () => (await sourceOf(n)).state === 'ok', 10_000, 100);
      await until(`${n.name} LISTENs again`, async () => (await sourceOf(n)).notify === 'listening', UPDATE_FREQUENCY_S * 1000 + 3000, 100);
      const log = n.proc.stderr();
      assert.equal(log.match(/keeping the last good configuration/g)?.length, 1, `${n.name} logs the outage once:\n${log}`);
      assert.equal(log.match(/is reachable again \(unavailable since/g)?.length, 1, `${n.name} logs the recovery once`);
      assert.ok(!(log + n.proc.stdout()).includes(pg.password), 'the database password is never printed');
      assert.ok(!(log + n.proc.stdout()).includes(OPENAI_KEY), 'the upstream key is never printed');
    }
  });
});

/** An ai-rate-limiting-advanced plugin body: `limit` tokens a minute per consumer, counted in Redis synchronously. */
function rla(namespace: string, limit: number) {
  return {
    name: 'ai-rate-limiting-advanced',
    config: {
      identifier: 'consumer',
      strategy: 'redis',
      sync_rate: 0,
      namespace,
      redis: { host: '127.0.0.1', port: redis.port, connect_timeout: 1000, read_timeout: 1000 },
      llm_providers: [{ name: 'openai', limit: [limit], window_size: [60] }],
    },
  };
}

/** alice's plugin's id (read through `node`'s Admin API). */
async function pluginId(node: Node): Promise<string> {
  const list = await admin(node, 'GET', '/consumers/alice/plugins');
  const found = (list.body.data as { id: string; name: string }[] | undefined)?.find((p) => p.name === 'ai-rate-limiting-advanced');
  assert.ok(found, JSON.stringify(list.body));
  return found.id;
}
