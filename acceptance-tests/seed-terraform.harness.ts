// Shared by the provider acceptance tests (seed-terraform*, provider-secrets, provider-faults):
// bin/mock-konnect as a process on an OS-picked port, its API for checks behind Terraform's back,
// the seed's Terraform (examples/terraform/<scope>/main.tf and the seed text itself), and a
// terraform runner that fails on Terraform's consistency errors in any output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { REPO_ROOT, startServer, terraformWorkdir, type RunResult, type TestProcess, type Workdir } from '../src/testing/index.js';

export const SCOPES = ['global', 'service', 'route', 'consumer', 'consumer_group'] as const;
export type Scope = (typeof SCOPES)[number];

export const MOCK_BIN = join(REPO_ROOT, 'bin', 'mock-konnect');
export const PLUGIN = 'konnect_gateway_plugin_ai_proxy.my_ai_proxy';

/** Random per run, so a leak check cannot pass by accident. */
export function secret(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

export interface Mock {
  readonly url: string;
  readonly process: TestProcess;
  readonly token: string;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Every plugin of every control plane. */
  plugins(): Promise<any[]>;
  controlPlanes(): Promise<any[]>;
  stop(): Promise<void>;
}

export async function startMock(token: string, args: readonly string[] = ['--in-memory'], listen = '127.0.0.1:0'): Promise<Mock> {
  const { process: p, url } = await startServer(MOCK_BIN, ['--listen', listen, '--token', token, ...args], 'mock-konnect', { timeoutMs: 20_000 });
  const api = async (method: string, path: string, body?: unknown) => {
    // Fault injection may answer 429/500/503: checks retry them, as any client would.
    for (let attempt = 0; ; attempt++) {
      const res = await request(url + path, {
        method: method as 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.body.text();
      if ((res.statusCode === 429 || res.statusCode === 500 || res.statusCode === 503) && attempt < 20) continue;
      return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
    }
  };
  const controlPlanes = async () => (await api('GET', '/v2/control-planes?page[size]=100')).body.data as any[];
  return {
    url,
    process: p,
    token,
    api,
    controlPlanes,
    async plugins() {
      const out: any[] = [];
      for (const cp of await controlPlanes()) out.push(...((await api('GET', `/v2/control-planes/${cp.id}/core-entities/plugins?size=1000`)).body.data as any[]));
      return out;
    },
    stop: () => p.kill('SIGTERM'),
  };
}

export const seedText = (): string => readFileSync(join(REPO_ROOT, 'examples', 'seed', 'native-huggingface-api-route.txt'), 'utf8');

/** The seed's `resource "konnect_gateway_plugin_ai_proxy"` blocks, in the seed's order (= SCOPES). */
export function seedPluginBlocks(): string[] {
  const text = seedText();
  const out: string[] = [];
  const start = 'resource "konnect_gateway_plugin_ai_proxy" "my_ai_proxy" {';
  for (let i = text.indexOf(start); i >= 0; i = text.indexOf(start, i + 1)) out.push(text.slice(i, text.indexOf('\n}\n', i) + 2));
  return out;
}

/** The seed's provider set-up block ("Configure your Personal Access Token"), exactly as written. */
export function seedProviderBlocks(): string {
  const text = seedText();
  const start = text.indexOf('terraform {', text.indexOf('Prerequisite: Configure your Personal Access Token'));
  const providerAt = text.indexOf('provider "konnect" {', start);
  return text.slice(start, text.indexOf('\n}', providerAt) + 2) + '\n';
}

export const exampleMainTf = (scope: Scope): string => readFileSync(join(REPO_ROOT, 'examples', 'terraform', scope, 'main.tf'), 'utf8');

const CORE_ERRORS = [/Provider produced invalid plan/, /Provider produced inconsistent result after apply/, /inconsistent result after apply/, /Provider produced inconsistent final plan/];

/** A terraform working directory whose every command is checked for Terraform's consistency errors. */
export class Tf {
  readonly work: Workdir;
  readonly transcript: string[] = [];

  constructor(
    readonly cliConfig: string,
    files: Readonly<Record<string, string>>,
    private env: NodeJS.ProcessEnv,
  ) {
    this.work = terraformWorkdir(cliConfig, files);
  }

  setEnv(extra: NodeJS.ProcessEnv): void {
    this.env = { ...this.env, ...extra };
  }

  async run(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<RunResult & { out: string }> {
    const r = await this.work.terraform(args, { env: { ...this.env, ...extraEnv }, timeoutMs });
    const out = `${r.stdout}\n${r.stderr}`;
    this.transcript.push(`$ terraform ${args.join(' ')}  (exit ${r.code}, ${Math.round(r.durationMs)} ms)\n${out}`);
    for (const re of CORE_ERRORS) assert.doesNotMatch(out, re, `terraform ${args.join(' ')}:\n${out}`);
    return { ...r, out };
  }

  /** Runs and asserts exit code 0. */
  async ok(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
    const r = await this.run(args, extraEnv);
    assert.equal(r.code, 0, `terraform ${args.join(' ')} failed:\n${r.out}`);
    return r.out;
  }

  /** `plan -detailed-exitcode`: 0 = no changes, 2 = changes. */
  async planExit(): Promise<{ code: number | string; out: string }> {
    const r = await this.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    return { code: r.code, out: r.out };
  }

  async assertEmptyPlan(what: string): Promise<void> {
    const r = await this.planExit();
    assert.equal(r.code, 0, `${what}: the plan is not empty:\n${r.out}`);
    assert.match(r.out, /No changes\./);
  }

  state(): any {
    return JSON.parse(readFileSync(join(this.work.dir, 'terraform.tfstate'), 'utf8'));
  }

  remove(): void {
    this.work.remove();
  }
}

/** The resource addresses of a state file with their ids. */
export function stateResources(state: any): { address: string; type: string; id: string; cp?: string }[] {
  return (state.resources as any[]).map((r) => ({
    address: `${r.type}.${r.name}`,
    type: r.type,
    id: r.instances[0].attributes.id,
    cp: r.instances[0].attributes.control_plane_id,
  }));
}
