// /metrics under node:cluster, through the real bin/ai-gateway started the way a user starts it:
// no --workers, so one worker per core. The primary's status listener must aggregate every
// worker's counters and answer at once (it used to wait prom-client's 5 s and answer 500,
// because the workers never installed prom-client's metrics-request listener).
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, test } from 'node:test';
import { killStartedProcesses } from '../../testing/index.js';
import { startProcess } from '../../testing/tgi/index.js';
import { send } from '../test/client.js';
import { ROOT, startTgi, TOKEN } from '../test/harness.js';

after(killStartedProcesses);

const SEED = `${ROOT}src/testing/tgi/fixtures/deck/seed-global.yaml`;

/** The sum of every `ai_gateway_requests_total{…} N` sample in a Prometheus text. */
function requestsTotal(text: string): number {
  let sum = 0;
  for (const m of text.matchAll(/^ai_gateway_requests_total\{[^}]*\} (\d+(?:\.\d+)?)$/gm)) sum += Number(m[1]);
  return sum;
}

test('GET /metrics with the default worker count answers 200 at once with counters summed over every worker', { timeout: 120_000 }, async (t) => {
  const tgi = await startTgi();
  const env: NodeJS.ProcessEnv = { ...process.env, DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: tgi.listeners.get('mock-tgi')! };
  delete env['AI_GATEWAY_WORKERS'];
  const gw = await startProcess(`${ROOT}bin/ai-gateway`, ['--config', SEED, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0'], {
    env,
    listeners: ['proxy', 'status'],
    timeoutMs: 30_000,
  });
  const proxy = gw.listeners.get('proxy')!;
  const status = gw.listeners.get('status')!;

  const expectedWorkers = availableParallelism();
  const body = (await (await fetch(`${status}/status`)).json()) as { server: { workers: number } };
  assert.equal(body.server.workers, expectedWorkers, 'the default is one worker per core');
  if (expectedWorkers < 2) t.diagnostic('this machine has one core, so the default is one worker: aggregation across workers is not exercised');

  // New connection per request so the kernel hands them to different workers; the request id's
  // first 16 hex digits are a per-process prefix, so they show which worker served each one.
  const perWorker = new Map<string, number>();
  let sent = 0;
  while (sent < 400 && (perWorker.size < Math.min(expectedWorkers, 2) || sent < 20)) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, () => send(`${proxy}/hf/generate`, { body: '{"inputs":"count me","parameters":{"max_new_tokens":2}}', headers: { connection: 'close' } })),
    );
    for (const r of batch) {
      assert.equal(r.status, 200, r.body.toString());
      const prefix = String(r.headers['x-kong-request-id']).slice(0, 16);
      perWorker.set(prefix, (perWorker.get(prefix) ?? 0) + 1);
      sent++;
    }
  }
  t.diagnostic(`${sent} requests, served per worker: ${[...perWorker.values()].join(' + ')}`);
  if (expectedWorkers >= 2) assert.ok(perWorker.size >= 2, `every request went to one worker (${sent} sent)`);

  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    const res = await fetch(`${status}/metrics`);
    const text = await res.text();
    const ms = performance.now() - started;
    t.diagnostic(`GET /metrics ${res.status} in ${ms.toFixed(1)} ms`);
    assert.equal(res.status, 200, text);
    assert.ok(ms < 1000, `GET /metrics took ${ms.toFixed(0)} ms (the goal is under 100 ms; 1 s allows for a loaded machine)`);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(requestsTotal(text), sent, 'ai_gateway_requests_total sums every worker\'s requests');
  }
  await gw.kill();
  await tgi.kill();
});
