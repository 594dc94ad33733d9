// KONNECT_PROVIDER_CPU_PROFILE=<dir>: each provider process records a V8 CPU profile from its
// first line to its exit and writes it to <dir>/konnect-provider-<pid>.cpuprofile (open it in
// Chrome DevTools or speedscope). For finding per-RPC costs in a large plan (README: start-up);
// `NODE_OPTIONS=--cpu-prof` does not work with the release executable (a single executable
// application). The inspector session is same-thread, so stopping it inside 'exit' is synchronous.
// node:inspector is required only then (a literal require: the bundle is CommonJS; a source run
// goes through createRequire), so that other starts do not load it.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export function startCpuProfileFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const dir = env.KONNECT_PROVIDER_CPU_PROFILE;
  if (!dir) return;
  const inspector = (typeof require === 'function' ? require('node:inspector') : createRequire(import.meta.url)('node:inspector')) as typeof import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(join(dir, `konnect-provider-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}

/**
 * KONNECT_PROVIDER_CPU_REPORT=<file>: each provider process appends one line `<pid> <user µs>
 * <system µs>` (process.cpuUsage(): all its threads) to <file> as it exits — what
 * bench/terraform-plan.bench.ts adds up to split a plan's CPU between Terraform and the provider.
 */
export function reportCpuFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const file = env.KONNECT_PROVIDER_CPU_REPORT;
  if (!file) return;
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    try {
      appendFileSync(file, `${process.pid} ${user} ${system}\n`);
    } catch {
      /* a report that cannot be written must not change how the provider exits */
    }
  });
}
