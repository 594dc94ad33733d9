// Where the time to first token goes, one stream at a time: for each of direct, the baseline
// pass-through (bench/baseline-proxy.ts) and the gateway (--workers 1), the moments a stream
// passes — the request reaching the proxy, the upstream call created, written, its response
// headers in, the first event written (gateway), the first event at the client — as ms after
// the client handed the request over, medians over TIMELINE_STREAMS (60) streams per target, the
// three targets taking turns stream by stream (so a drift of the machine hits all three). In the
// gateway also the end of each stage (src/gateway/proxy/handler.ts). The proxies record through
// diagnostics channels from a preloaded module (bench/timeline-preload.mjs), written out after
// each stream; one clock (process.hrtime) serves every process. Before the streams,
// TIMELINE_WARM (1000) zero-delay streams warm each proxy's JIT (0: a cold start, as a gateway's
// first requests). Scenarios: TIMELINE_SCENARIO=openai-chat (default) or hf-native.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { Pool } from 'undici';
import { startProcess, type StartedProcess } from '../src/testing/tgi/index.js';
import { ROOT, TOKEN } from '../src/gateway/test/harness.js';
import { chatStreamBody, KEY, nativeStreamBody, startUpstreams, writeGatewayConfig } from './stream-upstreams.js';

const STREAMS = Number(process.env.TIMELINE_STREAMS ?? 60);
const WARM = Number(process.env.TIMELINE_WARM ?? 1000);
const SCENARIO = process.env.TIMELINE_SCENARIO ?? 'openai-chat';
const PRELOAD = pathToFileURL(join(ROOT, 'bench/timeline-preload.mjs')).href;
const NO_DELAY = { 'x-mock-token-delay-ms': '0', 'x-mock-tgi-token-delay-ms': '0' };
const DATA = Buffer.from('data:');
const procs: StartedProcess[] = [];

interface Target {
  readonly name: 'direct' | 'baseline' | 'gateway';
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** The proxy process whose recorded lines belong to this target. */
  readonly proc: StartedProcess | null;
}

/** ms after `t0` of each named moment of one stream. */
type Moments = Map<string, number>;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (at: bigint, t0: bigint): number => Number(at - t0) / 1e6;

async function main() {
  const u = await startUpstreams(procs);
  const gw = await startProcess(
    process.execPath,
    ['--import', PRELOAD, join(ROOT, 'dist/ai-gateway.mjs'), '--config', writeGatewayConfig(u), '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'],
    { listeners: ['proxy', 'status'] },
  );
  procs.push(gw);
  const native = SCENARIO === 'hf-native';
  if (!native && SCENARIO !== 'openai-chat') throw new Error(`TIMELINE_SCENARIO: unknown scenario "${SCENARIO}" (known: openai-chat, hf-native)`);
  const upstream = native ? u.TGI : u.LLM;
  const base = await startProcess(process.execPath, ['--import', 'tsx', '--import', PRELOAD, join(ROOT, 'bench/baseline-proxy.ts'), upstream], { listeners: ['baseline'] });
  procs.push(base);
  const auth = { authorization: `Bearer ${native ? TOKEN : KEY}` };
  const upstreamPath = native ? '/generate_stream' : '/v1/chat/completions';
  const targets: Target[] = [
    { name: 'direct', origin: upstream, path: upstreamPath, headers: auth, proc: null },
    { name: 'baseline', origin: base.listeners.get('baseline')!, path: upstreamPath, headers: auth, proc: base },
    { name: 'gateway', origin: gw.listeners.get('proxy')!, path: native ? '/hf/generate_stream' : '/openai', headers: {}, proc: gw },
  ];
  const body = native ? nativeStreamBody() : chatStreamBody('gpt-4o');
  console.log(`ai-gateway stream timeline (${SCENARIO}): one stream at a time, ${STREAMS} per target, ${WARM} warm-up streams per target; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const pools = targets.map((t) => new Pool(t.origin, { connections: 1, keepAliveTimeout: 60_000 }));
  const send = async (i: number, k: number, extra: Record<string, string> = {}) => {
    const t = targets[k]!;
    const t0 = process.hrtime.bigint();
    const res = await pools[k]!.request({ method: 'POST', path: t.path, headers: { 'content-type': 'application/json', 'x-timeline-seq': String(i), ...t.headers, ...extra }, body });
    const headersAt = process.hrtime.bigint();
    let firstAt = 0n;
    for await (const chunk of res.body) if (firstAt === 0n && (chunk as Buffer).includes(DATA)) firstAt = process.hrtime.bigint();
    if (res.statusCode !== 200 || firstAt === 0n) throw new Error(`${t.name}: HTTP ${res.statusCode} without an event`);
    return { t0, headersAt, firstAt };
  };
  for (let k = 0; k < targets.length; k++) for (let i = 0; i < WARM; i++) await send(-1, k, NO_DELAY);
  const client: { t0: bigint; headersAt: bigint; firstAt: bigint }[][] = targets.map(() => []);
  for (let i = 0; i < STREAMS; i++) {
    for (let k = 0; k < targets.length; k++) {
      client[k]!.push(await send(i, k));
      await new Promise((r) => setTimeout(r, 20)); // idle between streams, as between requests of one client
    }
  }
  await Promise.all(pools.map((p) => p.close()));
  await new Promise((r) => setTimeout(r, 100)); // the last lines

  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const rows = new Map<string, number[]>();
    const add = (name: string, v: number) => (rows.get(name) ?? rows.set(name, []).get(name)!).push(v);
    const recorded = new Map<string, [string, string][]>();
    for (const line of t.proc?.stderr().split('\n') ?? []) {
      if (!line.startsWith('timeline ')) continue;
      const r = JSON.parse(line.slice('timeline '.length)) as { seq?: string; marks: [string, string][] };
      if (r.seq !== undefined && r.seq !== '-1') recorded.set(r.seq, r.marks);
    }
    client[k]!.forEach((c, i) => {
      const moments: Moments = new Map();
      for (const [name, at] of recorded.get(String(i)) ?? []) if (!moments.has(name)) moments.set(name, ms(BigInt(at), c.t0));
      for (const [name, v] of moments) add(name, v);
      add('headers at the client', ms(c.headersAt, c.t0));
      add('first event at the client', ms(c.firstAt, c.t0));
    });
    console.log(`\n${t.name}${t.proc !== null && recorded.size === 0 ? ' (nothing recorded: is bench/timeline-preload.mjs loaded?)' : ''}`);
    let previous: number | null = null;
    for (const [name, m] of [...rows].map(([n, vs]) => [n, median(vs)] as const).sort((a, b) => a[1] - b[1])) {
      console.log(`  ${name.padEnd(28)} ${m.toFixed(3).padStart(8)} ms${previous !== null && !name.endsWith('client') ? `  (+${(m - previous).toFixed(3)})` : ''}`);
      if (!name.endsWith('client')) previous = m;
    }
  }
  console.log(`\nload average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => Promise.all(procs.map((p) => p.kill())));
