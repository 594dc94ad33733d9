// `terraform apply` then `terraform plan` of 100 and of 1,000 konnect_gateway_plugin_ai_proxy
// resources (each scoped to its own service, as Kong allows one ai-proxy per scope) against
// bin/mock-konnect, in one run: wall time, the provider's share of it, and the growth 100 → 1,000.
//
// The provider's share comes from its own RPC timing log (TF_LOG_PROVIDER=debug into
// TF_LOG_PATH): every "<Rpc> done" line carries its duration and end time, so the union of the
// RPC intervals is the wall time during which the provider was working on at least one request
// (Terraform runs 10 in parallel, so a plain sum would overstate it); the union of the
// "konnect <METHOD> <path> → <status> in <ms> ms" intervals is the part spent waiting on Konnect.
// Needs `make build` (make bench runs it) and terraform; skips with a message without it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { findTerraform, installProvider, killStartedProcesses, REPO_ROOT, runCommand, startServer, tempDir } from '../src/testing/index.js';

const SIZES = (process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(",").map(Number) : [100, 1000]) as unknown as readonly [number, number];
const TOKEN = 'kpat_bench_token_not_a_secret';

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Total length of the union of intervals (ms). */
export function unionMs(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let cur: Interval | undefined;
  for (const iv of sorted) {
    if (!cur || iv.start > cur.end) {
      if (cur) total += cur.end - cur.start;
      cur = { ...iv };
    } else if (iv.end > cur.end) cur = { start: cur.start, end: iv.end };
  }
  if (cur) total += cur.end - cur.start;
  return total;
}

/** RPC and HTTP intervals from the provider's log lines (hclog JSON relayed as text by Terraform). */
export function parseProviderLog(text: string): { rpc: Interval[]; http: Interval[]; rpcCount: number } {
  const rpc: Interval[] = [];
  const http: Interval[] = [];
  for (const line of text.split('\n')) {
    const ts = /timestamp=(\S+)/.exec(line);
    const ms = / ms=([\d.]+)/.exec(line);
    if (!ts || !ms) continue;
    const end = Date.parse(ts[1]!);
    const iv = { start: end - Number(ms[1]), end };
    if (/: \w+ done: /.test(line)) rpc.push(iv);
    else if (/: konnect (GET|POST|PUT|PATCH|DELETE) /.test(line)) http.push(iv);
  }
  return { rpc, http, rpcCount: rpc.length };
}

const PLUGIN_CONFIG = `{
    route_type     = "llm/v1/chat"
    genai_category = "text/generation"
    llm_format     = "huggingface"
    auth = {
      header_name  = "Authorization"
      header_value = "Bearer \${var.huggingface_token}"
    }
    model = {
      provider = "huggingface"
      name     = "HuggingFaceTB/SmolVLM-Base"
    }
  }`;

/**
 * The baseline: Terraform's built-in terraform_data holding, per instance, a whole ai-proxy plugin
 * object as Konnect returns it (plugin.json), so the same count of objects of the same size goes
 * through core without any provider process or API.
 */
function baselineTf(): string {
  return `variable "konnect_server_url" { type = string }
variable "control_plane_id" { type = string }
variable "service_ids" { type = list(string) }
variable "huggingface_token" {
  type      = string
  sensitive = true
}
resource "terraform_data" "p" {
  count = length(var.service_ids)
  input = merge(jsondecode(file("\${path.module}/plugin.json")), { service = { id = var.service_ids[count.index] } })
}
`;
}

function mainTf(): string {
  return `terraform {
  required_providers {
    konnect = { source = "kong/konnect" }
  }
}
provider "konnect" {
  server_url = var.konnect_server_url
}
variable "konnect_server_url" { type = string }
variable "control_plane_id" { type = string }
variable "service_ids" { type = list(string) }
variable "huggingface_token" {
  type      = string
  sensitive = true
}
resource "konnect_gateway_plugin_ai_proxy" "p" {
  count   = length(var.service_ids)
  enabled = true
  config  = ${PLUGIN_CONFIG}
  tags             = []
  control_plane_id = var.control_plane_id
  service = {
    id = var.service_ids[count.index]
  }
}
`;
}

async function api(base: string, method: 'POST' | 'GET', path: string, body?: unknown): Promise<any> {
  const res = await request(base + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return JSON.parse(text);
}

interface Step {
  readonly wallMs: number;
  readonly providerMs: number;
  readonly konnectMs: number;
  readonly rpcs: number;
}

async function step(terraform: string, dir: string, args: string[], env: NodeJS.ProcessEnv, logName: string): Promise<Step> {
  const logPath = join(dir, logName);
  writeFileSync(logPath, '');
  const r = await runCommand(terraform, args, { cwd: dir, env: { ...env, TF_LOG_PROVIDER: 'debug', TF_LOG_PATH: logPath }, timeoutMs: 30 * 60_000 });
  // plan -detailed-exitcode exits 2 on changes: after an apply that would be a perpetual diff.
  if (r.code !== 0) throw new Error(`terraform ${args.join(' ')} failed (${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  const log = parseProviderLog(readFileSync(logPath, 'utf8'));
  return { wallMs: r.durationMs, providerMs: unionMs(log.rpc), konnectMs: unionMs(log.http), rpcs: log.rpcCount };
}

async function scenario(terraform: string, cliConfig: string, base: string, n: number, baseline: boolean): Promise<{ apply: Step; plan: Step }> {
  const cp = (await api(base, 'POST', '/v2/control-planes', { name: `bench-${n}-${baseline ? 'baseline' : 'provider'}` })).id as string;
  const ids: string[] = [];
  const sample = baseline
    ? await api(base, 'POST', `/v2/control-planes/${cp}/core-entities/plugins`, {
        name: 'ai-proxy',
        config: { route_type: 'llm/v1/chat', llm_format: 'huggingface', auth: { header_name: 'Authorization', header_value: 'Bearer hf_bench' }, model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base' } },
      })
    : undefined;
  if (baseline) for (let i = 0; i < n; i++) ids.push(`service-${i}`);
  for (let i = 0; i < n && !baseline; i += 20) {
    const batch = Array.from({ length: Math.min(20, n - i) }, (_, k) =>
      api(base, 'POST', `/v2/control-planes/${cp}/core-entities/services`, { name: `svc-${i + k}`, host: 'example.com' }).then((s) => s.id as string),
    );
    ids.push(...(await Promise.all(batch)));
  }
  const work = tempDir('tf-bench-');
  try {
    writeFileSync(join(work.path, 'main.tf'), baseline ? baselineTf() : mainTf());
    if (sample) writeFileSync(join(work.path, 'plugin.json'), JSON.stringify(sample));
    writeFileSync(join(work.path, 'terraform.tfvars.json'), JSON.stringify({ konnect_server_url: base, control_plane_id: cp, service_ids: ids }));
    const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', KONNECT_TOKEN: TOKEN, TF_VAR_huggingface_token: 'hf_bench' };
    for (const k of ['TF_LOG', 'TF_DATA_DIR']) delete env[k];
    const init = await runCommand(terraform, ['init', '-input=false', '-no-color'], { cwd: work.path, env });
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
    const apply = await step(terraform, work.path, ['apply', '-auto-approve', '-input=false', '-no-color'], env, 'apply.log');
    const plugins = (await api(base, 'GET', `/v2/control-planes/${cp}/core-entities/plugins?size=1000`)).data.length as number;
    if (plugins !== (baseline ? 1 : n)) throw new Error(`expected ${n} plugins in the mock, found ${plugins}`);
    const plan = await step(terraform, work.path, ['plan', '-input=false', '-no-color', '-detailed-exitcode'], env, 'plan.log');
    return { apply, plan };
  } finally {
    work.remove();
  }
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)}%`;

async function main(): Promise<void> {
  const terraform = findTerraform();
  if (!terraform) {
    console.log('terraform-apply bench: SKIPPED — terraform CLI not found (set TERRAFORM or put it on PATH)');
    return;
  }
  const mirror = tempDir('konnect-mirror-');
  try {
    const cliConfig = await installProvider(mirror.path);
    const { url } = await startServer(join(REPO_ROOT, 'bin', 'mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', TOKEN], 'mock-konnect');
    const results = new Map<string, { apply: Step; plan: Step }>();
    for (const n of SIZES) {
      for (const baseline of [false, true]) {
        const r = await scenario(terraform, cliConfig, url, n, baseline);
        results.set(`${n}-${baseline}`, r);
        for (const [what, s] of [['apply', r.apply], ['plan', r.plan]] as const) {
          const who = baseline ? 'terraform_data' : 'ai_proxy';
          console.log(
            `${String(n).padStart(5)} ${who.padEnd(14)} ${what.padEnd(5)}  wall ${fmt(s.wallMs).padStart(8)}` +
              (baseline ? '' : `  provider busy ${fmt(s.providerMs).padStart(8)} (${pct(s.providerMs, s.wallMs)}), Konnect ${fmt(s.konnectMs)}, ${s.rpcs} RPCs`) +
              `  per object ${(s.wallMs / n).toFixed(1)} ms`,
          );
        }
      }
    }
    const factor = SIZES[1] / SIZES[0];
    const get = (n: number, baseline: boolean) => results.get(`${n}-${baseline}`)!;
    for (const what of ['apply', 'plan'] as const) {
      const ours = get(SIZES[1], false)[what].wallMs / get(SIZES[0], false)[what].wallMs;
      const provider = get(SIZES[1], false)[what].providerMs / get(SIZES[0], false)[what].providerMs;
      const core = get(SIZES[1], true)[what].wallMs / get(SIZES[0], true)[what].wallMs;
      console.log(
        `${what} growth ${SIZES[0]} → ${SIZES[1]} (linear = ×${factor}): ai_proxy wall ×${ours.toFixed(2)}, provider busy ×${provider.toFixed(2)}, ` +
          `terraform_data (core alone) wall ×${core.toFixed(2)}; ai_proxy / terraform_data at ${SIZES[1]}: ×${(get(SIZES[1], false)[what].wallMs / get(SIZES[1], true)[what].wallMs).toFixed(2)}`,
      );
    }
  } finally {
    await killStartedProcesses();
    mirror.remove();
  }
}

await main();
