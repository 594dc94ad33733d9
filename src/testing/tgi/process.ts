// Starting a server process for a test and waiting until every named listener has printed its
// `<name> listening on http://…` line. A thin layer over testing/processes.ts (which owns
// spawning, line capture and kill-by-PID), adding the name → URL map the gateway tests use.
import { startProcess as spawnTracked, type TestProcess } from '../processes.js';

export interface StartedProcess extends TestProcess {
  /** name → URL from each `<name> listening on <url>` line. */
  readonly listeners: Map<string, string>;
}

export async function startProcess(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; listeners: readonly string[]; timeoutMs?: number },
): Promise<StartedProcess> {
  const proc = spawnTracked(command, args, opts.env ? { env: opts.env } : {});
  const listeners = new Map<string, string>();
  try {
    await Promise.all(
      opts.listeners.map(async (name) => {
        const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const line = await proc.waitForLine(new RegExp(`^${escaped} listening on (http://\\S+)$`), opts.timeoutMs ?? 15_000);
        listeners.set(name, /listening on (\S+)$/.exec(line)![1]!);
      }),
    );
  } catch (e) {
    await proc.kill('SIGKILL');
    throw e;
  }
  return Object.assign(proc, { listeners });
}
