// Provider start-up, as Terraform pays it on every graph walk: exec → handshake line on stdout.
// Side by side in one run, interleaved: `node -e 0` (the floor: Node's own boot), the launcher
// in bin/ (loads dist/), and the filesystem-mirror executable terraform actually runs (sh → exec
// node on the bundle), and — what Terraform really waits for — exec until GetProviderSchema is
// answered over mTLS. Prints median and p90 of each and the ratios to `node -e 0`.
// "before" column: the same build with undici and zod loaded along with the provider implementation
// (KONNECT_BENCH_EAGER_DEPS=1, its own mirror whose V8 code cache was recorded that way), as the
// provider did before both became lazy (src/konnect/dispatcher.ts, src/schemas/kong-schema/to-zod.ts).
// Run: make bench (after make build). RUNS=40 for more samples.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectProvider,
  handshakeEnv,
  installProvider,
  launchProvider,
  PROVIDER_BIN,
  terraformClientCertificate,
} from '../src/testing/index.js';

const RUNS = Number(process.env.RUNS ?? 25);

/** ms from spawn to the first stdout line (or to exit when `untilExit`), then the process is killed by PID. */
function timeOnce(command: string, args: string[], env: NodeJS.ProcessEnv, untilExit: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let done = false;
    const finish = (ms: number) => {
      if (done) return;
      done = true;
      if (child.exitCode === null) child.kill('SIGKILL');
      resolve(ms);
    };
    if (untilExit) child.on('exit', () => finish(performance.now() - t0));
    else
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.includes(10)) finish(performance.now() - t0);
      });
    child.on('exit', (code) => !done && !untilExit && reject(new Error(`${command} exited ${code} before its handshake`)));
    child.on('error', reject);
  });
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p90: q(0.9), min: s[0]! };
};

const mirrorDir = mkdtempSync(join(tmpdir(), 'konnect-bench-'));
try {
  const { execSync } = await import('node:child_process');
  const findExe = (dir: string) => execSync(`find ${JSON.stringify(join(dir, 'mirror'))} -name 'terraform-provider-konnect_v*'`).toString().trim();
  await installProvider(join(mirrorDir, 'lazy'));
  const mirrorExe = findExe(join(mirrorDir, 'lazy'));
  // The "before" mirror: install-provider's code-cache run inherits the switch, so its cache holds undici and zod.
  process.env.KONNECT_BENCH_EAGER_DEPS = '1';
  try {
    await installProvider(join(mirrorDir, 'eager'));
  } finally {
    delete process.env.KONNECT_BENCH_EAGER_DEPS;
  }
  const eagerExe = findExe(join(mirrorDir, 'eager'));
  const clientCert = terraformClientCertificate();
  const env = handshakeEnv(clientCert);
  const eagerEnv = { ...env, KONNECT_BENCH_EAGER_DEPS: '1' };
  /** What Terraform waits for before anything else: exec → GetProviderSchema answered over mTLS. */
  const schemaAnswered = async (exe: string, launchEnv: NodeJS.ProcessEnv) => {
    const t0 = performance.now();
    const p = await launchProvider(launchEnv, [], exe);
    const c = await connectProvider(p.handshake, clientCert);
    try {
      await c.call(c.provider, 'GetProviderSchema');
      return performance.now() - t0;
    } finally {
      c.close();
      await p.process.kill('SIGKILL');
    }
  };

  const subjects: { name: string; run: () => Promise<number>; samples: number[] }[] = [
    { name: 'node -e 0 (exit)', run: () => timeOnce(process.execPath, ['-e', '0'], env, true), samples: [] },
    { name: 'mirror executable → handshake', run: () => timeOnce(mirrorExe, [], env, false), samples: [] },
    { name: 'bin/terraform-provider-konnect → handshake', run: () => timeOnce(PROVIDER_BIN, [], env, false), samples: [] },
    { name: 'mirror executable → GetProviderSchema answered', run: () => schemaAnswered(mirrorExe, env), samples: [] },
    { name: '  before: undici+zod eager → GetProviderSchema', run: () => schemaAnswered(eagerExe, eagerEnv), samples: [] },
  ];
  for (const s of subjects) await s.run(); // warm the file cache
  for (let i = 0; i < RUNS; i++) for (const s of subjects) s.samples.push(await s.run());

  const base = stats(subjects[0]!.samples);
  console.log(`handshake bench: ${RUNS} runs each, interleaved, ${new Date().toISOString()}`);
  for (const s of subjects) {
    const st = stats(s.samples);
    console.log(
      `  ${s.name.padEnd(48)} median ${st.median.toFixed(1).padStart(6)} ms   p90 ${st.p90.toFixed(1).padStart(6)} ms   ` +
        `min ${st.min.toFixed(1).padStart(6)} ms   ×${(st.median / base.median).toFixed(2)} node -e 0`,
    );
  }
  const mirror = stats(subjects[1]!.samples);
  console.log(
    `  target: handshake median ≤ 100 ms → ${mirror.median <= 100 ? 'met' : 'not met'} (${mirror.median.toFixed(1)} ms; ` +
      `${(mirror.median - base.median).toFixed(1)} ms above Node's own boot)`,
  );
  const lazy = stats(subjects[3]!.samples);
  const eager = stats(subjects[4]!.samples);
  console.log(
    `  lazy undici+zod: GetProviderSchema answered ${(eager.median - lazy.median).toFixed(1)} ms sooner ` +
      `(median ${eager.median.toFixed(1)} → ${lazy.median.toFixed(1)} ms, ×${(lazy.median / eager.median).toFixed(2)})`,
  );
} finally {
  rmSync(mirrorDir, { recursive: true, force: true });
}
