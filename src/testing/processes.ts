// Child processes for tests: start, read output line by line, wait for a line (such as a
// server's `<name> listening on http://HOST:PORT`), and kill by PID — also when a test fails,
// via killStartedProcesses() in an `after` hook (every started process is tracked).
import { spawn, type ChildProcess } from 'node:child_process';

export interface TestProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout/stderr line (past or future) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited(): Promise<number | string>;
  /** Sends `signal` (SIGTERM) to this PID, SIGKILL after `graceMs`, resolves when it has exited. */
  kill(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const started = new Set<TestProcess>();

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to the process's standard input, which is then closed (default: no standard input). */
  readonly input?: string;
}

export function startProcess(command: string, args: readonly string[], options: StartOptions = {}): TestProcess {
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (options.input !== undefined) {
    child.stdin!.on('error', () => undefined); // a process that exits without reading is reported through its output
    child.stdin!.end(options.input);
  }
  let out = '';
  let err = '';
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const onLine = (line: string) => {
    lines.push(line);
    for (const w of waiters) {
      if (w.pattern.test(line)) {
        waiters.delete(w);
        w.resolve(line);
      }
    }
  };
  const splitter = (append: (s: string) => void) => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      append(text);
      partial += text;
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        onLine(partial.slice(0, nl).replace(/\r$/, ''));
        partial = partial.slice(nl + 1);
      }
    };
  };
  child.stdout!.on('data', splitter((s) => (out += s)));
  child.stderr!.on('data', splitter((s) => (err += s)));
  const exit = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      started.delete(handle);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  child.on('error', () => undefined); // reported through exited()/waitForLine timeouts

  const handle: TestProcess = {
    pid: child.pid ?? -1,
    child,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    waitForLine(pattern, timeoutMs = 30_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const w = {
          pattern,
          resolve: (l: string) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`${command}: no output line matching ${pattern} within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        waiters.add(w);
        void exit.then((code) => {
          if (!waiters.has(w)) return;
          waiters.delete(w);
          clearTimeout(timer);
          reject(new Error(`${command} exited (${code}) before printing a line matching ${pattern}.\nstdout:\n${out}\nstderr:\n${err}`));
        });
      });
    },
    async kill(signal = 'SIGTERM', graceMs = 2_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(handle.pid, signal);
      } catch {
        return; // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(handle.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
  started.add(handle);
  return handle;
}

/** Kills every process started through this module that is still running (use in `after`). */
export async function killStartedProcesses(): Promise<void> {
  await Promise.all([...started].map((p) => p.kill('SIGKILL')));
}

/** Starts a server and waits for its `<name> listening on http://HOST:PORT` line; returns the URL. */
export async function startServer(
  command: string,
  args: readonly string[],
  name: string,
  options: StartOptions & { timeoutMs?: number } = {},
): Promise<{ process: TestProcess; url: string }> {
  const p = startProcess(command, args, options);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    const line = await p.waitForLine(new RegExp(`^${escaped} listening on (http://\\S+)$`), options.timeoutMs);
    return { process: p, url: /listening on (\S+)$/.exec(line)![1]! };
  } catch (err) {
    await p.kill('SIGKILL');
    throw err;
  }
}

export interface RunResult {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** Runs a command to completion (killed by PID after `timeoutMs`). Never throws for a non-zero exit. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: StartOptions & { timeoutMs?: number } = {},
): Promise<RunResult> {
  const t0 = performance.now();
  const p = startProcess(command, args, options);
  const timeoutMs = options.timeoutMs ?? 120_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void p.kill('SIGKILL');
  }, timeoutMs);
  const code = await p.exited();
  clearTimeout(timer);
  return {
    code: timedOut ? `timeout after ${timeoutMs} ms` : code,
    stdout: p.stdout(),
    stderr: p.stderr(),
    durationMs: performance.now() - t0,
  };
}
