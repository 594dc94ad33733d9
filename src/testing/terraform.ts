// The real terraform CLI in tests: find it (skip loudly, or fail with REQUIRE_TERRAFORM=1),
// install our provider into a private filesystem mirror, and run commands in temp working
// directories with TF_CLI_CONFIG_FILE and CHECKPOINT_DISABLE=1.
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, type RunResult } from './processes.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The terraform executable: $TERRAFORM if set (only it), else /usr/local/bin/terraform, else the first on PATH. */
export function findTerraform(): string | undefined {
  const candidates = process.env.TERRAFORM
    ? [process.env.TERRAFORM]
    : ['/usr/local/bin/terraform', ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'terraform'))];
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/**
 * For node:test's `skip` option: undefined when terraform exists; a loud reason when it does not.
 * With REQUIRE_TERRAFORM=1 (CI) a missing terraform throws instead, failing the test file.
 */
export function terraformSkipReason(): string | undefined {
  if (findTerraform()) return undefined;
  const message = 'terraform CLI not found (set TERRAFORM=/path/to/terraform or put it on PATH)';
  if (process.env.REQUIRE_TERRAFORM === '1') throw new Error(`${message}; REQUIRE_TERRAFORM=1 makes this a failure`);
  process.stderr.write(`\n!!! SKIPPING terraform acceptance tests: ${message} !!!\n\n`);
  return message;
}

/** A temp directory removed by `remove()`. */
export function tempDir(prefix = 'konnect-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Runs scripts/install-provider.ts (what `make install-provider` runs) into `dir`, so parallel
 * tests never share a mirror; needs dist/ built (make build). `version` is PROVIDER_VERSION (default:
 * package.json's). Returns TF_CLI_CONFIG_FILE.
 */
export async function installProvider(dir: string, options: { version?: string } = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.version) env.PROVIDER_VERSION = options.version;
  else delete env.PROVIDER_VERSION;
  const r = await runCommand(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'install-provider.ts'), '--dir', dir], {
    cwd: REPO_ROOT,
    env,
    timeoutMs: 120_000,
  });
  const last = r.stdout.trimEnd().split('\n').at(-1) ?? '';
  const m = /^export TF_CLI_CONFIG_FILE=(.+)$/.exec(last);
  if (r.code !== 0 || !m) throw new Error(`install-provider failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return m[1]!;
}

/** The environment terraform runs with in tests: no checkpoint calls, our CLI config, no TF_LOG leaking in. */
export function terraformEnv(cliConfigFile: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfigFile, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  for (const k of ['TF_LOG', 'TF_LOG_PROVIDER', 'TF_LOG_PATH', 'TF_REATTACH_PROVIDERS', 'TF_DATA_DIR']) delete env[k];
  return { ...env, ...extra };
}

export interface Workdir {
  readonly dir: string;
  /** Runs `terraform <args>` here (pass -no-color yourself where the command takes it). */
  terraform(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult>;
  write(file: string, content: string): void;
  remove(): void;
}

/** A temp working directory holding `files` (name → content), running terraform with `cliConfigFile`. */
export function terraformWorkdir(cliConfigFile: string, files: Readonly<Record<string, string>>): Workdir {
  const terraform = findTerraform();
  if (!terraform) throw new Error('terraform CLI not found; guard the test with terraformSkipReason()');
  const { path: dir, remove } = tempDir('konnect-tf-');
  const write = (file: string, content: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  };
  for (const [name, content] of Object.entries(files)) write(name, content);
  return {
    dir,
    write,
    remove,
    terraform: (args, options = {}) =>
      runCommand(terraform, args, {
        cwd: dir,
        env: terraformEnv(cliConfigFile, options.env),
        timeoutMs: options.timeoutMs ?? 120_000,
      }),
  };
}
