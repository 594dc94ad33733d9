// Starting a server process for a test: waits for its `<name> listening on http://…` lines,
// keeps every output line for assertions (e.g. "the token never appears"), and kills it by PID.
import { spawn, type ChildProcess } from 'node:child_process';

export interface StartedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** name → URL from each `<name> listening on <url>` line. */
  readonly listeners: Map<string, string>;
  stdout(): string;
  stderr(): string;
  /** Resolves when a stdout/stderr line matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startProcess(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; listeners: readonly string[]; timeoutMs?: number },
): Promise<StartedProcess> {
  const child = spawn(command, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Map<string, string>();
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  const onLine = (line: string): void => {
    const m = /^(\S+) listening on (http:\/\/\S+)$/.exec(line);
    if (m) listeners.set(m[1]!, m[2]!);
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  const splitter = (append: (s: string) => void) => {
    let buf = '';
    return (chunk: Buffer) => {
      const s = chunk.toString('utf8');
      append(s);
      buf += s;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    };
  };
  child.stdout!.on('data', splitter((s) => (out += s)));
  child.stderr!.on('data', splitter((s) => (err += s)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const proc: StartedProcess = {
    pid: child.pid!,
    child,
    listeners,
    stdout: () => out,
    stderr: () => err,
    waitForLine(pattern, timeoutMs = 10_000) {
      const seen = (out + '\n' + err).split('\n').find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${out} stderr: ${err}`)), timeoutMs);
        waiters.push({ pattern, resolve: (l) => (clearTimeout(t), resolve(l)) });
        exited.then(() => setTimeout(() => reject(new Error(`process exited before ${pattern}; stdout: ${out} stderr: ${err}`)), 50));
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(child.pid!, signal);
      } catch {
        return;
      }
      const t = setTimeout(() => {
        try {
          process.kill(child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 3000);
      await exited;
      clearTimeout(t);
    },
  };
  const deadline = opts.timeoutMs ?? 15_000;
  try {
    await Promise.all(opts.listeners.map((name) => proc.waitForLine(new RegExp(`^${name} listening on http://`), deadline)));
  } catch (e) {
    await proc.kill('SIGKILL');
    throw e;
  }
  return proc;
}
