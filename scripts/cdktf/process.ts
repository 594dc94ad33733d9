// Child processes for the cdktf path: run with a timeout, kill by PID (process group), redact
// secrets from anything echoed. Hand-written (no execa): we need process-group kills on timeout and
// Ctrl-C and redaction of every line we show, and nothing beyond node:child_process.
import { spawn, type ChildProcess } from "node:child_process";

/** A piece of the product this path needs is not in the checkout yet: tests skip, loudly. */
export class MissingPieceError extends Error {
  override name = "MissingPieceError";
}
/** A step failed; the message names the step, the command and the (redacted) end of its output. */
export class StepError extends Error {
  override name = "StepError";
}

/** Replaces every known secret (tokens) with "(redacted)" in text we print or put in errors. */
export class Redactor {
  private readonly secrets = new Set<string>();
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }
  apply(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join("(redacted)");
    return out;
  }
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  redactor?: Redactor;
}
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const live = new Set<ChildProcess>();

/** Kills a process we started, and its process group (terraform under cdktf), by its PID. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // detached children lead their own process group
  } catch {
    try {
      process.kill(child.pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Kills every process this module started that is still running (used on Ctrl-C and failure). */
export function killAll(): void {
  for (const child of live) killTree(child, "SIGKILL");
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
export function plain(text: string): string {
  return text.replace(ANSI, "").replace(/\r/g, "");
}

/** Runs a command to completion, capturing output; kills it (by PID) when it exceeds the timeout. */
export function run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    live.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${opts.timeoutMs} ms)`;
      killTree(child, "SIGKILL");
    }, opts.timeoutMs ?? 180_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      live.delete(child);
      reject(new StepError(`cannot start ${cmd}: ${err.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      live.delete(child);
      resolvePromise({ code, stdout: plain(stdout), stderr: plain(stderr) });
    });
  });
}

function tail(text: string, lines = 25): string {
  return text.trimEnd().split("\n").slice(-lines).map((l) => `    ${l}`).join("\n");
}

/** Like run, but a non-zero exit becomes a StepError naming the step with the output's end. */
export async function mustRun(step: string, cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const redact = (t: string) => (opts.redactor ? opts.redactor.apply(t) : t);
    const shown = [cmd, ...args].join(" ");
    throw new StepError(`${step} failed (exit ${r.code}): ${redact(shown)} in ${opts.cwd}\n${redact(tail(r.stdout + "\n" + r.stderr))}`);
  }
  return r;
}


/** Starts a long-running process we own (a server); it is killed by killAll() too. */
export function spawnTracked(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  child.on("close", () => live.delete(child));
  return child;
}
