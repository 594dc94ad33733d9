// What a user waits for: `terraform plan` wall time with our provider beside Terraform alone, in
// one run, interleaved, against bin/mock-konnect:
//   - trivial: one konnect_gateway_control_plane (applied) beside one terraform_data (Terraform's
//     built-in provider, no plugin process): the difference is the provider's cost per command
//     (target ≤ 0.6 s);
//   - large: N (default 400) control planes beside N terraform_data (target ≤ 1.3×).
// Each konnect row is run with the release executable (make install-provider) and, with
// BEFORE_REV=<git revision> (bench/before.ts), that revision's release executable on a copy of
// the same state — the "before" column. Needs terraform; RUNS=5 and PLAN_SIZE=400 by default.
//
// Where the time goes, for every row (medians): wall; the CPU of Terraform itself; the CPU of the
// plugin processes it started (all of them, added up); the mock's CPU. Measured so:
//   - Terraform with its plugins: terraform runs under `bash -c '…; times'`, whose children's times
//     hold terraform's and every process terraform waited for (exact, from the kernel);
//   - our provider: each process appends its process.cpuUsage() as it exits
//     (KONNECT_PROVIDER_CPU_REPORT, src/bin/provider-loader/cpu-profile.ts) — exact; Terraform's own =
//     the total minus that;
//   - other plugins (BEFORE_REV's executable, the AWS reference): Terraform's own CPU is sampled
//     from /proc/PID/stat every 20 ms (the last ≤ 20 ms are missed; marked ~), the plugins' = the
//     total minus it;
//   - the mock: /proc/PID (bench/proc-cpu.ts) before and after each plan.
// From these it prints the cost per resource (large row − trivial row, / (N − 1)) of Terraform and
// of the provider, and the lower bound Terraform's own CPU sets on the large plan for ANY plugin
// provider (even one that costs nothing): own CPU / cores, as a ratio to the terraform_data plan.
// Reference rows, when /opt/tf-plugins holds hashicorp/aws unpacked (TF_PLUGINS_DIR overrides;
// skipped when absent, as in CI): 1 and N `aws_iam_policy_document` data sources — a Go plugin's
// per-instance cost in the same run (data sources are read in the plan; no network).
// KONNECT_PROVIDER_CPU_PROFILE=<dir> is passed through: every provider process of every plan
// writes a CPU profile there (src/bin/provider-loader/cpu-profile.ts).
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  findTerraform,
  installProvider,
  killStartedProcesses,
  REPO_ROOT,
  startProcess,
  startServer,
  tempDir,
  terraformEnv,
  terraformWorkdir,
  type Workdir,
} from '../src/testing/index.js';
import { buildBefore } from './before.js';
import { cpuNs, hasProc, median } from './proc-cpu.js';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZE = Number(process.env.PLAN_SIZE ?? 400);
const TOKEN = 'kpat_bench_token_not_a_secret';
const PLUGINS_DIR = process.env.TF_PLUGINS_DIR ?? '/opt/tf-plugins';
const TICK_S = 0.01; // /proc/PID/stat's clock tick (USER_HZ = 100 on Linux)

const terraformPath = findTerraform();
if (!terraformPath) {
  console.log('terraform-plan bench: skipped (terraform CLI not found)');
  process.exit(0);
}

/** One plan's figures, in seconds. */
interface Sample {
  wall: number;
  /** Terraform and every process it waited for (bash `times`). */
  total: number;
  terraform: number;
  plugins: number;
  /** False when Terraform's own CPU was sampled rather than the plugins' reported. */
  exact: boolean;
  mock: number;
}
interface Row {
  name: string;
  w: Workdir;
  cliConfig: string;
  samples: Sample[];
}

const dir = tempDir('konnect-bench-plan-');
const workdirs: Workdir[] = [];
let before: ReturnType<typeof buildBefore>;
try {
  const mock = await startServer(join(REPO_ROOT, 'bin', 'mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', TOKEN], 'mock-konnect');
  const releaseCli = await installProvider(join(dir.path, 'release'));
  before = buildBefore();
  const cpuReport = join(dir.path, 'provider-cpu.txt');
  const env = {
    KONNECT_TOKEN: TOKEN,
    KONNECT_PROVIDER_CPU_REPORT: cpuReport,
    ...(process.env.KONNECT_PROVIDER_CPU_PROFILE ? { KONNECT_PROVIDER_CPU_PROFILE: process.env.KONNECT_PROVIDER_CPU_PROFILE } : {}),
  };

  const konnectTf = (n: number) =>
    `terraform {\n  required_providers {\n    konnect = { source = "kong/konnect" }\n  }\n}\n` +
    `provider "konnect" {\n  server_url = "${mock.url}"\n}\n` +
    `resource "konnect_gateway_control_plane" "cp" {\n  count = ${n}\n  name  = "bench-${n}-\${count.index}"\n}\n`;
  const dataTf = (n: number) => `resource "terraform_data" "d" {\n  count = ${n}\n  input = "bench-\${count.index}"\n}\n`;
  const awsTf = (n: number) =>
    `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n` +
    `provider "aws" {\n  region = "us-east-1"\n  access_key = "x"\n  secret_key = "y"\n  skip_credentials_validation = true\n` +
    `  skip_requesting_account_id = true\n  skip_metadata_api_check = true\n  skip_region_validation = true\n}\n` +
    `data "aws_iam_policy_document" "d" {\n  count = ${n}\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::bucket-\${count.index}/*"]\n  }\n}\n`;

  async function prepared(cli: string, tf: string, options: { stateFrom?: Workdir; apply?: boolean } = {}): Promise<{ w: Workdir; cliConfig: string }> {
    const w = terraformWorkdir(cli, { 'main.tf': tf });
    workdirs.push(w);
    const init = await w.terraform(['init', '-input=false', '-no-color'], { env });
    if (init.code !== 0) throw new Error(init.stdout + init.stderr);
    if (options.stateFrom) copyFileSync(join(options.stateFrom.dir, 'terraform.tfstate'), join(w.dir, 'terraform.tfstate'));
    else if (options.apply !== false) {
      const apply = await w.terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { env, timeoutMs: 600_000 });
      if (apply.code !== 0) throw new Error(apply.stdout + apply.stderr);
    }
    return { w, cliConfig: cli };
  }

  const stat = (pid: number): number | undefined => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) * TICK_S;
    } catch {
      return undefined;
    }
  };
  const plan = async (row: Row): Promise<Sample> => {
    rmSync(cpuReport, { force: true });
    const mock0 = hasProc ? cpuNs(mock.process.pid) : 0;
    const t0 = performance.now();
    // `times` (bash builtin): its second line is the user and system time of the shell's waited-for
    // children — terraform, and (through terraform's waits) its plugin processes.
    const script = '"$@" & echo "@@pid $!" >&2; wait $!; rc=$?; echo @@times >&2; times >&2; exit $rc';
    const p = startProcess('bash', ['-c', script, 'bash', terraformPath, 'plan', '-input=false', '-no-color', '-detailed-exitcode'], {
      cwd: row.w.dir,
      env: terraformEnv(row.cliConfig, env),
    });
    let sampled = 0;
    let sampler: NodeJS.Timeout | undefined;
    void p.waitForLine(/^@@pid \d+$/, 600_000).then((line) => {
      const pid = Number(line.slice(6));
      sampler = setInterval(() => (sampled = stat(pid) ?? sampled), 20);
    }, () => {});
    const code = await p.exited();
    const wall = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const mockCpu = hasProc ? (cpuNs(mock.process.pid) - mock0) / 1e9 : NaN;
    const err = p.stderr();
    if (code !== 0) throw new Error(`plan is not empty (exit ${code}):\n${p.stdout()}\n${err}`);
    const times = err.slice(err.lastIndexOf('@@times')).split('\n')[2] ?? '';
    const secs = [...times.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    if (secs.length !== 2) throw new Error(`no times line from bash:\n${err}`);
    const total = secs[0]! + secs[1]!;
    const reported = existsSync(cpuReport)
      ? readFileSync(cpuReport, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ').map(Number))
      : [];
    if (reported.length > 0) {
      const plugins = reported.reduce((s, [, u, sy]) => s + (u! + sy!) / 1e6, 0);
      return { wall, total, terraform: total - plugins, plugins, exact: true, mock: mockCpu };
    }
    return { wall, total, terraform: sampled, plugins: Math.max(0, total - sampled), exact: false, mock: mockCpu };
  };

  const rows: Row[] = [];
  const add = (name: string, p: { w: Workdir; cliConfig: string }) => {
    rows.push({ name, ...p, samples: [] });
    return rows.length - 1;
  };
  const trivialKonnect = await prepared(releaseCli, konnectTf(1));
  const iData1 = add('trivial: terraform_data ×1 (Terraform alone)', await prepared(releaseCli, dataTf(1)));
  const iKonnect1 = add('trivial: control plane ×1, release executable', trivialKonnect);
  const iBefore1 = before ? add(`  before (${before.rev})`, await prepared(before.cliConfig, konnectTf(1), { stateFrom: trivialKonnect.w })) : -1;
  const largeKonnect = await prepared(releaseCli, konnectTf(SIZE));
  const iDataN = add(`large: terraform_data ×${SIZE}`, await prepared(releaseCli, dataTf(SIZE)));
  const iKonnectN = add(`large: control plane ×${SIZE}, release executable`, largeKonnect);
  const iBeforeN = before ? add(`  before (${before.rev})`, await prepared(before.cliConfig, konnectTf(SIZE), { stateFrom: largeKonnect.w })) : -1;
  let iAws1 = -1;
  let iAwsN = -1;
  if (process.env.BENCH_AWS !== '0' && existsSync(join(PLUGINS_DIR, 'registry.terraform.io', 'hashicorp', 'aws'))) {
    const rc = join(dir.path, 'aws.tfrc');
    writeFileSync(
      rc,
      `provider_installation {\n  filesystem_mirror {\n    path    = "${PLUGINS_DIR}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n` +
        `  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }\n}\n`,
    );
    iAws1 = add('reference: aws_iam_policy_document ×1 (Go plugin)', await prepared(rc, awsTf(1), { apply: false }));
    iAwsN = add(`reference: aws_iam_policy_document ×${SIZE}`, await prepared(rc, awsTf(SIZE), { apply: false }));
  }

  for (const row of rows) await plan(row); // warm up
  for (let i = 0; i < RUNS; i++) for (const row of rows) row.samples.push(await plan(row));

  const med = (i: number, k: Exclude<keyof Sample, 'exact'>) => median(rows[i]!.samples.map((s) => s[k]));
  const s = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a').padStart(6);
  const cores = availableParallelism();
  console.log(`terraform plan bench: ${RUNS} plans per row, interleaved, ${new Date().toISOString()}, ${cores} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`  ${'(medians, seconds)'.padEnd(52)}   wall  CPU: terraform  plugins   mock`);
  rows.forEach((row, i) => {
    const exact = row.samples.every((x) => x.exact);
    const own = `${exact ? ' ' : '~'}${s(med(i, 'terraform'))}`;
    console.log(`  ${row.name.padEnd(52)} ${s(med(i, 'wall'))}       ${own}   ${s(med(i, 'plugins'))} ${s(med(i, 'mock'))}`);
  });
  console.log('  (~ = sampled from /proc every 20 ms; otherwise Terraform = total − the plugins\' own report)');

  const extra = med(iKonnect1, 'wall') - med(iData1, 'wall');
  const beforeExtra = before ? ` (before: +${(med(iBefore1, 'wall') - med(iData1, 'wall')).toFixed(2)} s)` : '';
  console.log(`  trivial plan: Terraform alone + ${extra.toFixed(2)} s → target ≤ +0.6 s ${extra <= 0.6 ? 'met' : 'NOT met'}${beforeExtra}`);
  const ratio = med(iKonnectN, 'wall') / med(iDataN, 'wall');
  const beforeRatio = before ? ` (before: ×${(med(iBeforeN, 'wall') / med(iDataN, 'wall')).toFixed(2)})` : '';
  console.log(`  ${SIZE}-resource plan: ×${ratio.toFixed(2)} the terraform_data plan → target ≤ 1.3× ${ratio <= 1.3 ? 'met' : 'NOT met'}${beforeRatio}`);

  const per = (a: number, b: number, k: 'terraform' | 'plugins') => ((med(b, k) - med(a, k)) / (SIZE - 1)) * 1000;
  const perLine = (label: string, a: number, b: number) =>
    console.log(`  per instance (×${SIZE} − ×1) ${label.padEnd(30)} Terraform ${per(a, b, 'terraform').toFixed(2).padStart(5)} ms CPU, plugins ${per(a, b, 'plugins').toFixed(2).padStart(5)} ms CPU`);
  perLine('terraform_data:', iData1, iDataN);
  perLine('control plane:', iKonnect1, iKonnectN);
  if (before) {
    perLine(`control plane, before:`, iBefore1, iBeforeN);
    const now = per(iKonnect1, iKonnectN, 'plugins');
    const then = per(iBefore1, iBeforeN, 'plugins');
    console.log(`  provider CPU per resource in the plan: ${now.toFixed(2)} ms, before ${then.toFixed(2)} ms → ×${(then / now).toFixed(2)} less`);
  }
  if (iAws1 >= 0) perLine('aws_iam_policy_document (Go):', iAws1, iAwsN);
  // A floor on the large plan's wall: the CPU it needs spread perfectly over every core (no waiting,
  // no hand-offs). Terraform's own part is work every plugin provider makes it do (gRPC, TLS and
  // msgpack per RPC, 4 RPCs per resource here), so with Terraform's own CPU alone it is the floor for
  // ANY plugin provider, even one that costs nothing; as ratios to the terraform_data plan's wall.
  const dataWall = med(iDataN, 'wall');
  const floor = (cpu: number) => `${(cpu / cores).toFixed(2)} s = ×${(cpu / cores / dataWall).toFixed(2)}`;
  const ownN = med(iKonnectN, 'terraform');
  console.log(
    `  ${SIZE}-resource plan, CPU / ${cores} cores as a floor on its wall: all of it (Terraform + provider + mock) ${floor(ownN + med(iKonnectN, 'plugins') + med(iKonnectN, 'mock'))}; ` +
      `Terraform's own alone (a provider that cost nothing) ${floor(ownN)} the terraform_data plan (${dataWall.toFixed(2)} s)`,
  );
  console.log(`  Terraform's own CPU with a plugin provider: ×${(ownN / med(iDataN, 'terraform')).toFixed(2)} what it spends on the terraform_data plan`);
  if (iAwsN >= 0) {
    const goPer = per(iAws1, iAwsN, 'plugins');
    console.log(`  a provider as cheap per instance as the Go plugin (${goPer.toFixed(2)} ms): floor ${floor(ownN + (goPer / 1000) * SIZE)}`);
  }
} finally {
  await killStartedProcesses();
  for (const w of workdirs) w.remove();
  before?.remove();
  dir.remove();
}
