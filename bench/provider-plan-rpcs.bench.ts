// The provider's CPU per resource in a plan, RPC by RPC: what Terraform's refresh-and-plan process
// asks of it for each of N (default 400) konnect_gateway_control_plane — ValidateResourceConfig,
// UpgradeResourceState, ReadResource (one GET to bin/mock-konnect) and PlanResourceChange — sent
// over mTLS like Terraform (grpc-js's client, 10 at a time as Terraform's default parallelism) to a
// FRESH release executable per round, each RPC kind as one phase over all N resources. CPU from
// /proc (bench/proc-cpu.ts: every thread of the process), per resource, and how much of it ran off
// the main thread (V8's compiler and GC threads). A fresh process matters: in a plan the provider
// process is new, and most of its cost is V8 warming up (interpreted code, then compiling the hot
// paths), which a long-running benchmark would hide — the "warm" line shows what the same RPCs
// cost once warm (a second pass in the same process).
// With BEFORE_REV=<git revision> (bench/before.ts) that revision's executable runs the same
// rounds, interleaved. RUNS=3, PLAN_SIZE=400.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { decodeMsgpack, encodeJson, encodeMsgpack } from '../src/cty/index.js';
import { compileSchema } from '../src/framework/schema/compile.js';
import { providerConfigType } from '../src/provider/index.js';
import { controlPlaneSchema } from '../src/provider/resources/gateway-control-plane-schema.js';
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
import { cpuNs, hasProc, median } from './proc-cpu.js';

const RUNS = Number(process.env.RUNS ?? 3);
const N = Number(process.env.PLAN_SIZE ?? 400);
const PARALLEL = 10;
const TOKEN = 'kpat_bench_token_not_a_secret';
const TYPE = 'konnect_gateway_control_plane';
const PHASES = ['ValidateResourceConfig', 'UpgradeResourceState', 'ReadResource', 'PlanResourceChange'] as const;
type Phase = (typeof PHASES)[number];

if (!hasProc) {
  console.log('provider-plan-rpcs bench: skipped (needs /proc for the CPU figures)');
  process.exit(0);
}

const mainThreadNs = (pid: number) => Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
const dir = tempDir('konnect-bench-rpcs-');
const before = buildBefore();
try {
  const mock = await startServer(join(REPO_ROOT, 'bin', 'mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', TOKEN], 'mock-konnect');
  const ids: string[] = [];
  let made = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (made < N) {
        const i = made++;
        const r = await request(`${mock.url}/v2/control-planes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `bench-${i}` }),
        });
        ids.push(((await r.body.json()) as { id: string }).id);
      }
    }),
  );
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
  const type = compileSchema(controlPlaneSchema, TYPE).root.type;
  const caps = { deferral_allowed: false, write_only_attributes_allowed: true };

  async function started(executable: string) {
    const cert = terraformClientCertificate();
    const p = await launchProvider(handshakeEnv(cert), [], executable);
    const c = await connectProvider(p.handshake, cert);
    await c.call(c.provider, 'GetProviderSchema');
    await c.call(c.provider, 'ConfigureProvider', { terraform_version: '1.11.4', config });
    return { p, c };
  }
  async function stop({ p, c }: Awaited<ReturnType<typeof started>>) {
    await c.call(c.controller, 'Shutdown').catch(() => undefined);
    await p.process.exited();
    c.close();
  }

  // What Terraform sends for each resource: its state (msgpack, and JSON as stored), its private
  // data, and its configuration (only `name` set). Made once, by a separate process.
  const setup = await started(exe);
  const items: { state: Buffer; priv: Buffer; json: Buffer; config: Buffer }[] = [];
  for (const id of ids) {
    const imp = await setup.c.call(setup.c.provider, 'ImportResourceState', { type_name: TYPE, id, client_capabilities: caps });
    const [res] = imp.imported_resources as { state: { msgpack: Buffer }; private: Buffer }[];
    const rd = await setup.c.call(setup.c.provider, 'ReadResource', { type_name: TYPE, current_state: res!.state, private: res!.private, client_capabilities: caps });
    const state = (rd.new_state as { msgpack: Buffer }).msgpack;
    const v = decodeMsgpack(state, type) as Record<string, unknown>;
    const cfg = Object.fromEntries(Object.keys(v).map((k) => [k, k === 'name' ? v.name : null]));
    items.push({ state, priv: res!.private, json: Buffer.from(encodeJson(v as never, type)), config: Buffer.from(encodeMsgpack(cfg as never, type)) });
  }
  await stop(setup);

  const requestOf = (phase: Phase, it: (typeof items)[number]): object => {
    switch (phase) {
      case 'ValidateResourceConfig':
        return { type_name: TYPE, config: { msgpack: it.config }, client_capabilities: { write_only_attributes_allowed: true } };
      case 'UpgradeResourceState':
        return { type_name: TYPE, version: 0, raw_state: { json: it.json } };
      case 'ReadResource':
        return { type_name: TYPE, current_state: { msgpack: it.state }, private: it.priv, client_capabilities: caps };
      case 'PlanResourceChange':
        return { type_name: TYPE, prior_state: { msgpack: it.state }, proposed_new_state: { msgpack: it.state }, config: { msgpack: it.config }, prior_private: it.priv, client_capabilities: caps };
    }
  };

  type Figures = Record<Phase, { all: number[]; offMain: number[] }>;
  const empty = (): Figures => Object.fromEntries(PHASES.map((p) => [p, { all: [], offMain: [] }])) as unknown as Figures;
  const columns: { name: string; exe: string; cold: Figures; warm: Figures }[] = [{ name: 'now', exe, cold: empty(), warm: empty() }];
  if (before) columns.push({ name: `before (${before.rev})`, exe: before.executable, cold: empty(), warm: empty() });

  /** One pass: every phase over all N resources; CPU per resource into `into`. */
  async function pass(s: Awaited<ReturnType<typeof started>>, into: Figures) {
    const pid = s.p.process.pid;
    for (const phase of PHASES) {
      const all0 = cpuNs(pid);
      const main0 = mainThreadNs(pid);
      let next = 0;
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < items.length) {
            const res = (await s.c.call(s.c.provider, phase, requestOf(phase, items[next++]!))) as { diagnostics?: unknown[] };
            if (res.diagnostics?.length) throw new Error(`${phase}: ${JSON.stringify(res.diagnostics)}`);
          }
        }),
      );
      const all = (cpuNs(pid) - all0) / 1e6 / N;
      into[phase].all.push(all);
      into[phase].offMain.push(all - (mainThreadNs(pid) - main0) / 1e6 / N);
    }
  }

  for (let i = 0; i < RUNS; i++) {
    for (const col of columns) {
      const s = await started(col.exe);
      try {
        await pass(s, col.cold);
        await pass(s, col.warm);
      } finally {
        await stop(s);
      }
    }
  }

  const f = (x: number) => x.toFixed(2).padStart(5);
  const sum = (fig: Figures, k: 'all' | 'offMain') => PHASES.reduce((a, p) => a + median(fig[p][k]), 0);
  console.log(`provider plan RPCs bench: ${N} control planes, ${RUNS} fresh processes per column, interleaved, ${new Date().toISOString()}`);
  console.log(`  provider CPU per resource, ms (medians; in brackets: of it off the main thread)`);
  console.log(`  ${''.padEnd(24)}${columns.map((c) => c.name.padEnd(22)).join('')}`);
  for (const phase of PHASES) {
    console.log(`  ${phase.padEnd(24)}${columns.map((c) => `${f(median(c.cold[phase].all))} (${f(median(c.cold[phase].offMain))})`.padEnd(22)).join('')}`);
  }
  console.log(`  ${'all four, fresh process'.padEnd(24)}${columns.map((c) => `${f(sum(c.cold, 'all'))} (${f(sum(c.cold, 'offMain'))})`.padEnd(22)).join('')}`);
  console.log(`  ${'all four, warm'.padEnd(24)}${columns.map((c) => `${f(sum(c.warm, 'all'))} (${f(sum(c.warm, 'offMain'))})`.padEnd(22)).join('')}`);
  if (before) {
    const r = sum(columns[1]!.cold, 'all') / sum(columns[0]!.cold, 'all');
    console.log(`  fresh process: ×${r.toFixed(2)} less CPU per resource than before`);
  }
} finally {
  await killStartedProcesses();
  before?.remove();
  dir.remove();
}
