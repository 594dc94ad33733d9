// Gateway benchmark, side by side in one run: direct to the local TGI vs through ai-gateway
// vs a minimal node:http + undici pass-through (bench/baseline-proxy.ts), with autocannon.
// Prints req/s, p50/p99 at concurrency 32 and 128 for /generate, streaming time to first byte
// and extra delay per event (50 tokens at 5 ms), and 10,000 vs 10 routes — with ratios.
import autocannon from 'autocannon';
import { request } from 'node:http';
import { join } from 'node:path';
import { startProcess, type StartedProcess } from '../src/testing/tgi/index.js';
import { ROOT, startGatewayProcess, tempFile, TOKEN } from '../src/gateway/test/harness.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const BODY = '{"inputs":"What is Deep Learning?","parameters":{"max_new_tokens":8}}';
const procs: StartedProcess[] = [];

function config(extraRoutes: number): string {
  const routes = Array.from({ length: extraRoutes }, (_, i) => `      - name: r${i}\n        paths: [/tenant-${i}/hf]\n`).join('');
  return `_format_version: "3.0"
services:
  - name: s
    url: http://localhost:8080
    routes:
${routes}      - name: hf
        paths: [/hf]
plugins:
  - name: ai-proxy
    config:
      route_type: llm/v1/chat
      llm_format: huggingface
      auth: { header_name: Authorization, header_value: 'Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }}' }
      model: { provider: huggingface, name: HuggingFaceTB/SmolVLM-Base, options: { upstream_url: '\${{ env "DECK_TGI_URL" }}' } }
`;
}

async function load(url: string, connections: number, auth: boolean) {
  const r = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: DURATION,
    body: BODY,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}) },
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

function stream(url: string, auth: boolean): Promise<{ ttfb: number; total: number; events: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttfb = 0;
    let events = 0;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mock-tgi-token-delay-ms': '5', ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}) } }, (res) => {
      res.on('data', (d: Buffer) => {
        if (ttfb === 0) ttfb = performance.now() - t0;
        events += d.toString().split('data:').length - 1;
      });
      res.on('end', () => resolve({ ttfb, total: performance.now() - t0, events }));
    });
    req.on('error', reject);
    req.end('{"inputs":"stream fifty tokens please","parameters":{"max_new_tokens":50}}');
  });
}

async function streams(url: string, auth: boolean, n = 20) {
  const out: { ttfb: number; total: number; events: number }[] = [];
  for (let i = 0; i < n; i++) out.push(await stream(url, auth));
  const mean = (k: 'ttfb' | 'total') => out.reduce((s, x) => s + x[k], 0) / out.length;
  return { ttfb: mean('ttfb'), total: mean('total'), events: out[0]!.events };
}

const f = (n: number) => n.toFixed(2);

async function main() {
  const tgi = await startProcess(join(ROOT, 'bin/mock-tgi'), ['--listen', '127.0.0.1:0', '--token', TOKEN], { listeners: ['mock-tgi'] });
  procs.push(tgi);
  const TGI = tgi.listeners.get('mock-tgi')!;
  const env = { DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI };
  const gw = await startGatewayProcess(tempFile('kong.yaml', config(9)), env);
  const gw10k = await startGatewayProcess(tempFile('kong.yaml', config(9_999)), env);
  const base = await startProcess(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/baseline-proxy.ts'), TGI], { listeners: ['baseline'] });
  procs.push(gw, gw10k, base);
  const GW = gw.listeners.get('proxy')!;
  const GW10K = gw10k.listeners.get('proxy')!;
  const BASE = base.listeners.get('baseline')!;

  console.log(`/generate, ${DURATION}s per run (autocannon), one gateway worker`);
  for (const c of [32, 128]) {
    await load(`${GW}/hf/generate`, c, false); // warm-up
    const direct = await load(`${TGI}/generate`, c, true);
    const baseline = await load(`${BASE}/generate`, c, true);
    const gateway = await load(`${GW}/hf/generate`, c, false);
    console.log(`  c=${c}  direct ${direct.rps.toFixed(0)} req/s p50 ${direct.p50} p99 ${direct.p99} ms | baseline ${baseline.rps.toFixed(0)} req/s p50 ${baseline.p50} p99 ${baseline.p99} ms | gateway ${gateway.rps.toFixed(0)} req/s p50 ${gateway.p50} p99 ${gateway.p99} ms`);
    console.log(`  c=${c}  ratio gateway/baseline req/s ${f(gateway.rps / baseline.rps)}x; added p99 vs direct: gateway ${gateway.p99 - direct.p99} ms, baseline ${baseline.p99 - direct.p99} ms`);
  }

  const sd = await streams(`${TGI}/generate_stream`, true);
  const sb = await streams(`${BASE}/generate_stream`, true);
  const sg = await streams(`${GW}/hf/generate_stream`, false);
  console.log(`streams of ${sd.events} events at 5 ms/token (mean of 20)`);
  console.log(`  time to first byte: direct ${f(sd.ttfb)} ms, baseline ${f(sb.ttfb)} ms, gateway ${f(sg.ttfb)} ms`);
  console.log(`  extra delay per event vs direct: baseline ${f((sb.total - sd.total) / sd.events)} ms, gateway ${f((sg.total - sd.total) / sd.events)} ms`);

  await load(`${GW10K}/hf/generate`, 32, false);
  const r10 = await load(`${GW}/hf/generate`, 32, false);
  const r10k = await load(`${GW10K}/hf/generate`, 32, false);
  console.log(`routes: 10 → ${r10.rps.toFixed(0)} req/s p99 ${r10.p99} ms; 10,000 → ${r10k.rps.toFixed(0)} req/s p99 ${r10k.p99} ms; p99 ratio ${f(r10k.p99 / Math.max(r10.p99, 1))}x, req/s ratio ${f(r10k.rps / r10.rps)}x`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => Promise.all(procs.map((p) => p.kill())));
