// Kong's AI metrics end to end over real HTTP: bin/ai-gateway with the DEFAULT worker count (one
// per core) in front of bin/mock-tgi, configured from a decK file. A global prometheus with
// `ai_metrics: true` counts every request of the route it wins on — the primary's /metrics shows
// kong_ai_llm_requests_total summed over the workers = N, the token totals = the sum of the
// usages, the cost from model.options input_cost/output_cost, one provider latency observation
// per request; a route-scoped prometheus with `ai_metrics: false` wins on its route (Kong's
// precedence) and its requests add no ai_llm series, nor do those of an ai-proxy without
// logging.log_statistics (Kong's AI metrics are read from that log entry); a gateway whose only prometheus has
// ai_metrics false shows none at all. Kong's classic kong_http_requests_total and kong_*_latency_ms
// follow the winning instance's status_code_metrics and latency_metrics. Requests prometheus applies to are proxied (they used to be
// refused with 500: prometheus was a plugin this gateway did not run). Needs `make build`.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { startProcess, type StartedProcess } from '../../testing/tgi/index.js';
import { send } from './client.js';
import { ROOT, startTgi, tempFile, TOKEN } from './harness.js';

// "one two three" with max_new_tokens 5: TGI reports 3 prompt + 5 generated tokens.
const BODY = JSON.stringify({ inputs: 'one two three', parameters: { max_new_tokens: 5 } });
const PROMPT = 3;
const COMPLETION = 5;
const INPUT_COST = 2; // per million tokens, as Kong's model.options define them
const OUTPUT_COST = 8;
const MIN_REQUESTS = 40;

const aiProxy = (model: string, logStatistics = true) => `
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              logging: { log_statistics: ${logStatistics} }
              auth: { header_name: Authorization, header_value: Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }} }
              model:
                provider: huggingface
                name: ${model}
                options: { upstream_url: "\${{ env "DECK_TGI_URL" }}", input_cost: ${INPUT_COST}, output_cost: ${OUTPUT_COST} }`;

const deck = (globalAiMetrics: boolean) => `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:
      - name: counted
        paths: [/counted]
        plugins:${aiProxy('counted-model')}
      - name: quiet
        paths: [/quiet]
        plugins:${aiProxy('quiet-model')}
          - name: prometheus
            config: { ai_metrics: false, status_code_metrics: true }
      - name: nostats
        paths: [/nostats]
        plugins:${aiProxy('nostats-model', false)}
plugins:
  - name: prometheus
    config: { ai_metrics: ${globalAiMetrics}, latency_metrics: true }
`;

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Every sample of a Prometheus text whose name starts with `prefix`. */
function parse(text: string, prefix: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `unparsable sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}
const sum = (samples: readonly Sample[]) => samples.reduce((n, s) => n + s.value, 0);

const started: StartedProcess[] = [];
let TGI: string;

async function gateway(config: string): Promise<{ proxy: string; status: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI };
  delete env['AI_GATEWAY_WORKERS'];
  // no --workers: the default, one worker per core
  const proc = await startProcess(`${ROOT}bin/ai-gateway`, ['--config', tempFile('kong.yaml', config), '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0'], {
    env,
    listeners: ['proxy', 'status'],
    timeoutMs: 30_000,
  });
  started.push(proc);
  return { proxy: proc.listeners.get('proxy')!, status: proc.listeners.get('status')! };
}

/**
 * At least n requests, in batches of 10 on new connections (so the kernel spreads them over the
 * workers), until `spread` workers served some (at most 400); every one must be proxied. The
 * request id's first 16 hex digits are a per-process prefix: they show which worker served it.
 */
async function sendMany(proxy: string, path: string, n: number, spread = 1): Promise<{ sent: number; perWorker: Map<string, number> }> {
  const perWorker = new Map<string, number>();
  let sent = 0;
  while (sent < n || (perWorker.size < spread && sent < 400)) {
    const batch = await Promise.all(Array.from({ length: 10 }, () => send(`${proxy}${path}/generate`, { body: BODY, headers: { connection: 'close' } })));
    for (const r of batch) {
      assert.equal(r.status, 200, r.body.toString());
      const prefix = String(r.headers['x-kong-request-id']).slice(0, 16);
      perWorker.set(prefix, (perWorker.get(prefix) ?? 0) + 1);
      sent++;
    }
  }
  return { sent, perWorker };
}

async function metrics(status: string): Promise<string> {
  const res = await fetch(`${status}/metrics`);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return text;
}

before(async () => {
  const tgi = await startTgi();
  started.push(tgi);
  TGI = tgi.listeners.get('mock-tgi')!;
});
after(async () => {
  await Promise.all(started.map((p) => p.kill('SIGKILL')));
});

describe('prometheus ai_metrics, default worker count', { timeout: 120_000 }, () => {
  it('ai_metrics true: requests, tokens, cost and provider latency summed over every worker; the ai_metrics false route adds nothing', async (t) => {
    const { proxy, status } = await gateway(deck(true));
    const { sent: N, perWorker } = await sendMany(proxy, '/counted', MIN_REQUESTS, Math.min(availableParallelism(), 2));
    await sendMany(proxy, '/quiet', 10);
    await sendMany(proxy, '/nostats', 10);
    t.diagnostic(`${N} counted requests, served per worker: ${[...perWorker.values()].join(' + ')}`);
    if (availableParallelism() >= 2) assert.ok(perWorker.size >= 2, 'every request went to one worker: aggregation is not exercised');

    const text = await metrics(status);
    const requests = parse(text, 'kong_ai_llm_requests_total');
    assert.equal(requests.length, 1, `one label set, summed over the workers:\n${requests.map((s) => JSON.stringify(s)).join('\n')}`);
    assert.deepEqual(requests[0]!.labels, {
      ai_provider: 'huggingface',
      ai_model: 'counted-model',
      cache_status: '',
      vector_db: '',
      embeddings_provider: '',
      embeddings_model: '',
      request_mode: 'oneshot',
      workspace: 'default',
      consumer: '',
    });
    assert.equal(requests[0]!.value, N);

    const tokens = parse(text, 'kong_ai_llm_tokens_total');
    const byType = Object.fromEntries(tokens.map((s) => [s.labels.token_type, s.value]));
    assert.deepEqual(byType, { prompt_tokens: N * PROMPT, completion_tokens: N * COMPLETION, total_tokens: N * (PROMPT + COMPLETION) });
    assert.ok(tokens.every((s) => s.labels.ai_model === 'counted-model'));

    const cost = parse(text, 'kong_ai_llm_cost_total');
    assert.equal(cost.length, 1);
    const expected = (N * (PROMPT * INPUT_COST + COMPLETION * OUTPUT_COST)) / 1e6;
    assert.ok(Math.abs(cost[0]!.value - expected) < 1e-9, `cost ${cost[0]!.value}, expected ${expected}`);

    const latency = parse(text, 'kong_ai_llm_provider_latency_ms');
    assert.equal(sum(latency.filter((s) => s.name === 'kong_ai_llm_provider_latency_ms_count')), N);
    assert.ok(latency.some((s) => s.name === 'kong_ai_llm_provider_latency_ms_bucket' && s.labels.le === '60000'), 'Kong\'s buckets');

    assert.equal(parse(text, 'kong_ai_llm_').filter((s) => s.labels.ai_model === 'quiet-model').length, 0, 'the route whose prometheus has ai_metrics false is not counted');
    assert.equal(
      parse(text, 'kong_ai_llm_').filter((s) => s.labels.ai_model === 'nostats-model').length,
      0,
      "Kong's AI metrics come from the ai-proxy's log_statistics entry: without it nothing is recorded",
    );
    // Kong's classic series: status codes only where the winning instance has status_code_metrics
    // (the quiet route's), latencies only where it has latency_metrics (the global one's routes)
    assert.deepEqual(
      parse(text, 'kong_http_requests_total').map((s) => [s.labels, s.value]),
      [[{ service: 'llm', route: 'quiet', code: '200', source: 'service', workspace: 'default', consumer: '' }, 10]],
    );
    for (const name of ['kong_request_latency_ms_count', 'kong_upstream_latency_ms_count', 'kong_kong_latency_ms_count']) {
      const byRoute = Object.fromEntries(parse(text, name).map((s) => [s.labels.route, s.value]));
      assert.deepEqual(byRoute, { counted: N, nostats: 10 }, name);
    }
    // today's metrics are still there, next to Kong's, and count every route
    assert.equal(sum(parse(text, 'ai_gateway_requests_total')), N + 20);
  });

  it('ai_metrics false: requests are proxied and no ai_llm series appears', async () => {
    const { proxy, status } = await gateway(deck(false));
    await sendMany(proxy, '/counted', 10);
    const text = await metrics(status);
    assert.deepEqual(parse(text, 'kong_ai_llm_'), []);
    assert.equal(sum(parse(text, 'kong_request_latency_ms_count')), 10, 'latency_metrics is still honoured');
    assert.equal(sum(parse(text, 'ai_gateway_requests_total')), 10);
  });
});
