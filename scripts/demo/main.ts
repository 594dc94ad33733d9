// `make demo`'s entry (scripts/demo.ts runs it): the steps live in run.ts; this file wires
// the output, Ctrl-C and failures: whatever happens, everything the demo started is stopped by
// PID, and a failure is one clear message (redacted), never a stack trace.
import { DemoError, Output, Processes, Redactor, demoPaths, demoProvider, runDemo, runProviderDemo, stopRunningCommands } from './index.js';

const out = new Output(new Redactor());
const processes = new Processes();
let stopping = false;

async function stopEverything(): Promise<void> {
  stopRunningCommands();
  const stopped = await processes.stopAll();
  if (stopped.length > 0) out.line(`stopped ${stopped.map((s) => `${s.label} (pid ${s.pid})`).join(', ')}`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    out.interrupted = true;
    out.line();
    out.line(`make demo: interrupted (${signal}); stopping everything it started`);
    void stopEverything().then(() => process.exit(130));
  });
}
process.on('exit', () => processes.killAllNow());

try {
  // An unknown DEMO_PROVIDER fails here, before anything starts.
  const provider = demoProvider(process.env.DEMO_PROVIDER);
  if (provider === undefined) await runDemo({ paths: demoPaths(), out, processes, rotate: process.env.DEMO_ROTATE === '1' });
  else {
    if (process.env.DEMO_ROTATE === '1') throw new DemoError(`DEMO_ROTATE=1 rotates the seed's Hugging Face token: run it without DEMO_PROVIDER (DEMO_PROVIDER=${provider.name} has no rotation step)`);
    await runProviderDemo({ paths: demoPaths(), out, processes }, provider);
  }
} catch (err) {
  if (!stopping) {
    stopping = true;
    out.line();
    out.line(`make demo failed: ${err instanceof Error ? err.message : String(err)}`);
    const detail = err instanceof DemoError ? err.detail : undefined;
    if (detail) {
      const lines = detail.trim().split('\n');
      out.detail(lines.slice(0, 30).join('\n') + (lines.length > 30 ? `\n… (${lines.length - 30} more lines)` : ''));
    }
    await stopEverything();
    process.exit(1);
  }
}
