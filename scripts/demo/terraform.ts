// The real terraform CLI for the demo: find it, install our provider into a filesystem mirror
// (scripts/install-provider.ts, what `make install-provider` runs), and run init/apply/output in
// the working directory with the demo's environment. Terraform's output is kept; on failure its
// error lines (redacted) are what the demo shows.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DemoError } from './output.js';
import { REPO_ROOT } from './paths.js';

export function findTerraform(): string | undefined {
  const candidates = process.env.TERRAFORM
    ? [process.env.TERRAFORM]
    : ['/usr/local/bin/terraform', ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'terraform'))];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

/** PIDs of commands running right now, so an interrupted demo can stop them too. */
const running = new Set<number>();

/** SIGTERM every command still running (Ctrl-C, failure); terraform stops its provider itself. */
export function stopRunningCommands(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const pid of running) {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone */
    }
  }
}

/** Runs a command to completion (stdout and stderr together), killed by PID after `timeoutMs`. */
export function run(command: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    if (child.pid !== undefined) running.add(child.pid);
    child.on('exit', () => child.pid !== undefined && running.delete(child.pid));
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => {
      output += `\n(stopped after ${(opts.timeoutMs ?? 120_000) / 1000} s)\n`;
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}${err.message}\n` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Installs the provider under `dir`; returns the TF_CLI_CONFIG_FILE path (the script's last line). */
export async function installProvider(dir: string): Promise<string> {
  const r = await run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'install-provider.ts'), '--dir', dir], { cwd: REPO_ROOT, timeoutMs: 60_000 });
  const m = /^export TF_CLI_CONFIG_FILE=(.+)$/m.exec(r.output.trimEnd().split('\n').at(-1) ?? '');
  if (r.code !== 0 || !m) throw new DemoError('installing the provider into the filesystem mirror failed (make install-provider)', r.output);
  return m[1]!;
}

/** The environment terraform runs with: our CLI config, no checkpoint calls, no stray TF_LOG. */
export function terraformEnv(cliConfig: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  for (const k of ['TF_LOG', 'TF_LOG_PROVIDER', 'TF_LOG_PATH', 'TF_REATTACH_PROVIDERS', 'TF_DATA_DIR', 'TF_WORKSPACE']) delete env[k];
  return { ...env, ...extra };
}

/** Terraform's error diagnostics (the `Error: …` blocks), or the tail of its output. */
export function terraformErrors(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /Error: /.test(l));
  const picked = start >= 0 ? lines.slice(Math.max(0, start - 1)) : lines.slice(-15);
  return picked.join('\n').trim();
}

export async function terraform(
  bin: string,
  workdir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  what: string,
  timeoutMs = 120_000,
): Promise<string> {
  const r = await run(bin, [...args, '-no-color'], { cwd: workdir, env, timeoutMs });
  if (r.code !== 0) throw new DemoError(`terraform ${args[0]} failed (${what})`, terraformErrors(r.output));
  return r.output;
}
