// The servers the demo starts (mock Konnect, local TGI, ai-gateway): each is started, awaited
// until it prints `<name> listening on http://HOST:PORT`, remembered by PID, and stopped by PID
// at the end — also on Ctrl-C or failure (SIGTERM, then SIGKILL after a grace period). Their own
// output is kept, not shown, and offered (redacted) only when something fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { DemoError } from './output.js';

export interface Started {
  readonly label: string;
  readonly pid: number;
  /** listener name → URL, e.g. { proxy: 'http://127.0.0.1:41234' }. */
  readonly urls: Readonly<Record<string, string>>;
  output(): string;
  exited(): boolean;
}

export class Processes {
  private readonly children = new Map<number, { label: string; child: ChildProcess; exit: Promise<void> }>();

  /** Starts `command` and resolves once every `listeners` name has printed its listening line. */
  async start(
    label: string,
    command: string,
    args: readonly string[],
    listeners: readonly string[],
    opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
  ): Promise<Started> {
    const child = spawn(command, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid === undefined) throw new DemoError(`${label}: could not start ${command}`);
    let output = '';
    const urls: Record<string, string> = {};
    let exitedFlag = false;
    const exit = new Promise<void>((resolve) =>
      child.on('exit', () => {
        exitedFlag = true;
        resolve();
      }),
    );
    child.on('error', () => undefined);
    this.children.set(child.pid, { label, child, exit });
    const started: Started = { label, pid: child.pid, urls, output: () => output, exited: () => exitedFlag };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new DemoError(`${label} did not say it was listening within ${(opts.timeoutMs ?? 20_000) / 1000} s`, output)),
        opts.timeoutMs ?? 20_000,
      );
      const check = () => {
        for (const m of output.matchAll(/^(\S+) listening on (http:\/\/\S+)$/gm)) urls[m[1]!] = m[2]!;
        if (listeners.every((l) => urls[l] !== undefined)) {
          clearTimeout(timer);
          resolve();
        }
      };
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.length > 1_000_000) output = output.slice(-500_000);
        check();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exit.then(() => {
        clearTimeout(timer);
        reject(new DemoError(`${label} exited before it was listening`, output));
      });
    });
    return started;
  }

  /** Stops one process by PID: SIGTERM, SIGKILL after `graceMs`. */
  async stop(pid: number, graceMs = 3_000): Promise<void> {
    const entry = this.children.get(pid);
    if (!entry) return;
    if (entry.child.exitCode === null && entry.child.signalCode === null) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, graceMs);
      await entry.exit;
      clearTimeout(timer);
    }
    this.children.delete(pid);
  }

  /** Stops everything still running, newest first; returns what was stopped. */
  async stopAll(): Promise<{ label: string; pid: number }[]> {
    const list = [...this.children.entries()].reverse();
    const stopped: { label: string; pid: number }[] = [];
    for (const [pid, { label }] of list) {
      await this.stop(pid);
      stopped.push({ label, pid });
    }
    return stopped;
  }

  /** Last resort from a signal or exit handler: SIGKILL every PID, synchronously. */
  killAllNow(): void {
    for (const pid of this.children.keys()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}
