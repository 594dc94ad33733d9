// Per-call and exit cost of the provider as Terraform runs it (the release executable from a
// filesystem mirror, over mTLS), against bin/mock-konnect, interleaved in one run:
//   - ReadResource of a konnect_gateway_control_plane: the RPC's median beside the median of the
//     same GET sent straight to the mock from this process (keep-alive both), and the difference:
//     what the provider adds over its HTTP call (target ≤ 5 ms);
//   - exit after Shutdown (ms from sending Shutdown to the process's exit; target ≤ 30 ms) for a
//     process that never called Konnect, one that made 20 ReadResource calls, and — the "before"
//     column — the same after 20 calls with V8's default WebAssembly tier-up
//     (KONNECT_BENCH_WASM_TIER_UP=1, see src/bin/terraform-provider-konnect.ts; the executable's code
//     cache is rejected then, as V8's flags differ — that slows its start, not its exit).
// With BEFORE_REV=<git revision> (bench/before.ts) that revision's release executable makes the
// same ReadResource calls, interleaved: its overhead is printed beside.
// Run: make bench (after make build). RUNS=12 for more samples.
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { encodeMsgpack } from '../src/cty/index.js';
import { providerConfigType } from '../src/provider/index.js';
import {
  connectProvider,
  handshakeEnv,
  installProvider,
  killStartedProcesses,
  launchProvider,
  REPO_ROOT,
  startServer,
  tempDir,
  terraformClientCertificate,
} from '../src/testing/index.js';
import { buildBefore } from './before.js';

const RUNS = Number(process.env.RUNS ?? 8);
const CALLS = 20;
const TOKEN = 'kpat_bench_token_not_a_secret';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;

const dir = tempDir('konnect-bench-calls-');
const before = buildBefore();
try {
  const mock = await startServer(join(REPO_ROOT, 'bin', 'mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', TOKEN], 'mock-konnect');
  const created = await request(`${mock.url}/v2/control-planes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-cp' }),
  });
  const cp = (await created.body.json()) as { id: string };
  await installProvider(dir.path);
  const exe = execSync(`find ${JSON.stringify(join(dir.path, 'mirror'))} -name 'terraform-provider-konnect_v*'`).toString().trim();
  const config = {
    msgpack: Buffer.from(
      encodeMsgpack(
        { konnect_access_token: null, personal_access_token: TOKEN, server_url: mock.url, service_access_token: null, system_account_access_token: null },
        providerConfigType,
      ),
    ),
  };
  const directGet = async () => {
    const t0 = performance.now();
    const r = await request(`${mock.url}/v2/control-planes/${cp.id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await r.body.text();
    return performance.now() - t0;
  };

  /** One provider process: `calls` ReadResource RPCs (timed, each beside a direct GET), then Shutdown → exit (timed). */
  async function session(calls: number, extraEnv: NodeJS.ProcessEnv = {}, executable = exe) {
    const cert = terraformClientCertificate();
    const p = await launchProvider(handshakeEnv(cert, extraEnv), [], executable);
    const c = await connectProvider(p.handshake, cert);
    const rpc: number[] = [];
    const http: number[] = [];
    try {
      await c.call(c.provider, 'GetProviderSchema');
      await c.call(c.provider, 'ConfigureProvider', { terraform_version: '1.11.4', config });
      if (calls > 0) {
        const imported = await c.call(c.provider, 'ImportResourceState', { type_name: 'konnect_gateway_control_plane', id: cp.id });
        const [res] = imported.imported_resources as { state: object; private: Buffer }[];
        for (let i = 0; i < calls; i++) {
          const t0 = performance.now();
          const r = await c.call(c.provider, 'ReadResource', { type_name: 'konnect_gateway_control_plane', current_state: res!.state, private: res!.private });
          rpc.push(performance.now() - t0);
          if ((r.diagnostics as unknown[]).length > 0) throw new Error(`ReadResource: ${JSON.stringify(r.diagnostics)}`);
          http.push(await directGet());
        }
      }
      const t0 = performance.now();
      await c.call(c.controller, 'Shutdown');
      await p.process.exited();
      return { exitMs: performance.now() - t0, rpc, http };
    } finally {
      c.close();
      await p.process.kill('SIGKILL');
    }
  }

  const exits = { none: [] as number[], after: [] as number[], before: [] as number[] };
  const rpc: number[] = [];
  const http: number[] = [];
  const beforeRpc: number[] = [];
  const beforeHttp: number[] = [];
  await session(1); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    exits.none.push((await session(0)).exitMs);
    const s = await session(CALLS);
    exits.after.push(s.exitMs);
    rpc.push(...s.rpc.slice(1)); // the first call includes loading undici and opening the connection
    http.push(...s.http.slice(1));
    exits.before.push((await session(CALLS, { KONNECT_BENCH_WASM_TIER_UP: '1' })).exitMs);
    if (before) {
      const b = await session(CALLS, {}, before.executable);
      beforeRpc.push(...b.rpc.slice(1));
      beforeHttp.push(...b.http.slice(1));
    }
  }
  const f = (x: number) => x.toFixed(1).padStart(6);
  console.log(`provider calls bench: ${RUNS} processes per column, interleaved, ${new Date().toISOString()}`);
  console.log(`  ReadResource RPC (mTLS, msgpack, one GET)   median ${f(median(rpc))} ms   p90 ${f(p90(rpc))} ms   (${rpc.length} calls)`);
  console.log(`  the same GET from this process              median ${f(median(http))} ms   p90 ${f(p90(http))} ms`);
  const overhead = median(rpc) - median(http);
  console.log(`  ReadResource overhead over its HTTP call: ${overhead.toFixed(1)} ms → target ≤ 5 ms ${overhead <= 5 ? 'met' : 'NOT met'}`);
  if (before) {
    console.log(
      `    before (${before.rev}): ReadResource median ${f(median(beforeRpc))} ms, its GET ${f(median(beforeHttp))} ms → overhead ${(median(beforeRpc) - median(beforeHttp)).toFixed(1)} ms`,
    );
  }
  const line = (name: string, xs: number[]) => console.log(`  exit after Shutdown, ${name.padEnd(44)} median ${f(median(xs))} ms   p90 ${f(p90(xs))} ms`);
  line('no Konnect call', exits.none);
  line(`after ${CALLS} ReadResource`, exits.after);
  line(`  before: V8 wasm tier-up (${CALLS} ReadResource)`, exits.before);
  const worst = Math.max(median(exits.none), median(exits.after));
  console.log(`  exit target ≤ 30 ms → ${worst <= 30 ? 'met' : 'NOT met'} (×${(median(exits.before) / median(exits.after)).toFixed(1)} faster than before)`);
} finally {
  await killStartedProcesses();
  before?.remove();
  dir.remove();
}
