// What a user waits for: `terraform plan` wall time with our provider beside Terraform alone, in
// one run, interleaved, against bin/mock-konnect:
//   - trivial: one konnect_gateway_control_plane (applied) beside one terraform_data (Terraform's
//     built-in provider, no plugin process): the difference is the provider's cost per command
//     (target ≤ 0.6 s);
//   - large: N (default 400) control planes beside N terraform_data (target ≤ 1.3×).
// Each konnect row is run with the release executable (make install-provider) and, with
// BEFORE_REV=<git revision> (bench/before.ts), that revision's release executable on a copy of
// the same state — the "before" column. Needs terraform; RUNS=5 and PLAN_SIZE=400 by default.
// KONNECT_PROVIDER_CPU_PROFILE=<dir> is passed through: every provider process of every plan
// writes a CPU profile there (src/bin/provider-loader/cpu-profile.ts).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findTerraform,
  installProvider,
  killStartedProcesses,
  REPO_ROOT,
  startServer,
  tempDir,
  terraformWorkdir,
  type Workdir,
} from '../src/testing/index.js';
import { buildBefore } from './before.js';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZE = Number(process.env.PLAN_SIZE ?? 400);
const TOKEN = 'kpat_bench_token_not_a_secret';

if (!findTerraform()) {
  console.log('terraform-plan bench: skipped (terraform CLI not found)');
  process.exit(0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = tempDir('konnect-bench-plan-');
const workdirs: Workdir[] = [];
let before: ReturnType<typeof buildBefore>;
try {
  const mock = await startServer(join(REPO_ROOT, 'bin', 'mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', TOKEN], 'mock-konnect');
  const releaseCli = await installProvider(join(dir.path, 'release'));
  before = buildBefore();
  const env = { KONNECT_TOKEN: TOKEN, ...(process.env.KONNECT_PROVIDER_CPU_PROFILE ? { KONNECT_PROVIDER_CPU_PROFILE: process.env.KONNECT_PROVIDER_CPU_PROFILE } : {}) };

  const konnectTf = (n: number) =>
    `terraform {\n  required_providers {\n    konnect = { source = "kong/konnect" }\n  }\n}\n` +
    `provider "konnect" {\n  server_url = "${mock.url}"\n}\n` +
    `resource "konnect_gateway_control_plane" "cp" {\n  count = ${n}\n  name  = "bench-${n}-\${count.index}"\n}\n`;
  const dataTf = (n: number) => `resource "terraform_data" "d" {\n  count = ${n}\n  input = "bench-\${count.index}"\n}\n`;

  async function prepared(cli: string, tf: string, stateFrom?: Workdir): Promise<Workdir> {
    const w = terraformWorkdir(cli, { 'main.tf': tf });
    workdirs.push(w);
    const init = await w.terraform(['init', '-input=false', '-no-color'], { env });
    if (init.code !== 0) throw new Error(init.stdout + init.stderr);
    if (stateFrom) copyFileSync(join(stateFrom.dir, 'terraform.tfstate'), join(w.dir, 'terraform.tfstate'));
    else {
      const apply = await w.terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { env, timeoutMs: 600_000 });
      if (apply.code !== 0) throw new Error(apply.stdout + apply.stderr);
    }
    return w;
  }
  const plan = async (w: Workdir) => {
    const t0 = performance.now();
    const p = await w.terraform(['plan', '-input=false', '-no-color', '-detailed-exitcode'], { env, timeoutMs: 600_000 });
    if (p.code !== 0) throw new Error(`plan is not empty (exit ${p.code}):\n${p.stdout}\n${p.stderr}`);
    return performance.now() - t0;
  };

  const rows: { name: string; w: Workdir; samples: number[] }[] = [];
  const trivial = await prepared(releaseCli, konnectTf(1));
  rows.push({ name: 'trivial: terraform_data ×1 (Terraform alone)', w: await prepared(releaseCli, dataTf(1)), samples: [] });
  rows.push({ name: 'trivial: control plane ×1, release executable', w: trivial, samples: [] });
  if (before) rows.push({ name: `  before (${before.rev})`, w: await prepared(before.cliConfig, konnectTf(1), trivial), samples: [] });
  const large = await prepared(releaseCli, konnectTf(SIZE));
  const largeAt = rows.length;
  rows.push({ name: `large: terraform_data ×${SIZE}`, w: await prepared(releaseCli, dataTf(SIZE)), samples: [] });
  rows.push({ name: `large: control plane ×${SIZE}, release executable`, w: large, samples: [] });
  if (before) rows.push({ name: `  before (${before.rev})`, w: await prepared(before.cliConfig, konnectTf(SIZE), large), samples: [] });
  for (const row of rows) await plan(row.w); // warm up
  for (let i = 0; i < RUNS; i++) for (const row of rows) row.samples.push(await plan(row.w));

  console.log(`terraform plan bench: ${RUNS} plans per row, interleaved, ${new Date().toISOString()}`);
  for (const row of rows) console.log(`  ${row.name.padEnd(50)} median ${(median(row.samples) / 1000).toFixed(2).padStart(6)} s`);
  const m = rows.map((row) => median(row.samples));
  const extra = (m[1]! - m[0]!) / 1000;
  const beforeExtra = before ? ` (before: +${((m[2]! - m[0]!) / 1000).toFixed(2)} s)` : '';
  console.log(`  trivial plan: Terraform alone + ${extra.toFixed(2)} s → target ≤ +0.6 s ${extra <= 0.6 ? 'met' : 'NOT met'}${beforeExtra}`);
  const ratio = m[largeAt + 1]! / m[largeAt]!;
  const beforeRatio = before ? ` (before: ×${(m[largeAt + 2]! / m[largeAt]!).toFixed(2)})` : '';
  console.log(`  ${SIZE}-resource plan: ×${ratio.toFixed(2)} the terraform_data plan → target ≤ 1.3× ${ratio <= 1.3 ? 'met' : 'NOT met'}${beforeRatio}`);
} finally {
  await killStartedProcesses();
  for (const w of workdirs) w.remove();
  before?.remove();
  dir.remove();
}
