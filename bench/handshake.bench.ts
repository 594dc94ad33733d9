// Provider start-up, as Terraform pays it on every graph walk: exec → handshake line on stdout.
// Side by side in one run, interleaved: `node -e 0` (the floor: Node's own boot), the release
// executable terraform runs from the mirror (make install-provider: one Node single executable
// application, two bundles with their V8 code caches inside), and — what Terraform really waits
// for — exec until GetProviderSchema is answered over mTLS. Prints median and p90 of each and the
// ratios to `node -e 0`, all without NODE_EXTRA_CA_CERTS, then again with it (see below). With BEFORE_REV=<git revision> (bench/before.ts) that revision's release
// executable runs interleaved too, as the "before" column.
// Run: make bench (after make build). RUNS=40 for more samples.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectProvider, handshakeEnv, installProvider, launchProvider, terraformClientCertificate } from '../src/testing/index.js';
import { buildBefore } from './before.js';

const RUNS = Number(process.env.RUNS ?? 25);
const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

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
const before = buildBefore();
try {
  const { execSync } = await import('node:child_process');
  const findExe = (dir: string) => execSync(`find ${JSON.stringify(join(dir, 'mirror'))} -name 'terraform-provider-konnect_v*'`).toString().trim();
  await installProvider(join(mirrorDir, 'release'));
  const mirrorExe = findExe(join(mirrorDir, 'release'));
  const clientCert = terraformClientCertificate();
  const env = handshakeEnv(clientCert);
  delete env.NODE_EXTRA_CA_CERTS;
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
    { name: 'release executable → handshake', run: () => timeOnce(mirrorExe, [], env, false), samples: [] },
    { name: 'release executable → GetProviderSchema answered', run: () => schemaAnswered(mirrorExe, env), samples: [] },
  ];
  if (before) {
    subjects.push({ name: `  before (${before.rev}) → handshake`, run: () => timeOnce(before.executable, [], env, false), samples: [] });
    subjects.push({ name: `  before (${before.rev}) → GetProviderSchema answered`, run: () => schemaAnswered(before.executable, env), samples: [] });
  }
  // Node 20 parses NODE_EXTRA_CA_CERTS's file (and its own roots) at every start, ~100 ms here; the
  // release's Node leaves it to the provider's first Konnect call (scripts/release/extra-ca-certs.ts).
  // The ratios above are without it (Node's own boot is the floor); with the variable as
  // Terraform would pass it on, both again:
  const extraCa = process.env.NODE_EXTRA_CA_CERTS ?? (existsSync(DEBIAN_BUNDLE) ? DEBIAN_BUNDLE : undefined);
  if (extraCa) {
    const withCa = { ...env, NODE_EXTRA_CA_CERTS: extraCa };
    subjects.push({ name: 'with NODE_EXTRA_CA_CERTS: node -e 0 (exit)', run: () => timeOnce(process.execPath, ['-e', '0'], withCa, true), samples: [] });
    subjects.push({ name: 'with NODE_EXTRA_CA_CERTS: release → handshake', run: () => timeOnce(mirrorExe, [], withCa, false), samples: [] });
    if (before) subjects.push({ name: `with NODE_EXTRA_CA_CERTS: before (${before.rev}) → handshake`, run: () => timeOnce(before.executable, [], withCa, false), samples: [] });
  }
  for (const s of subjects) await s.run(); // warm the file cache
  for (let i = 0; i < RUNS; i++) for (const s of subjects) s.samples.push(await s.run());

  const base = stats(subjects[0]!.samples);
  console.log(`handshake bench: ${RUNS} runs each, interleaved, ${new Date().toISOString()}`);
  for (const s of subjects) {
    const st = stats(s.samples);
    console.log(
      `  ${s.name.padEnd(52)} median ${st.median.toFixed(1).padStart(6)} ms   p90 ${st.p90.toFixed(1).padStart(6)} ms   ` +
        `min ${st.min.toFixed(1).padStart(6)} ms   ×${(st.median / base.median).toFixed(2)} node -e 0`,
    );
  }
  const release = stats(subjects[1]!.samples);
  const ratio = release.median / base.median;
  console.log(
    `  target: handshake median ≤ 1.3× node -e 0 → ${ratio <= 1.3 ? 'met' : 'NOT met'} (×${ratio.toFixed(2)}; ` +
      `${(release.median - base.median).toFixed(1)} ms above Node's own boot)`,
  );
  const withCaRows = subjects.filter((s) => s.name.startsWith('with NODE_EXTRA_CA_CERTS'));
  if (withCaRows.length >= 2) {
    const [nodeCa, releaseCa, beforeCa] = withCaRows.map((s) => stats(s.samples).median);
    console.log(
      `  with NODE_EXTRA_CA_CERTS=${extraCa}: node -e 0 ${nodeCa!.toFixed(1)} ms, handshake ${releaseCa!.toFixed(1)} ms (×${(releaseCa! / nodeCa!).toFixed(2)} node -e 0 with it)` +
        (beforeCa !== undefined ? `, before ${beforeCa.toFixed(1)} ms` : ''),
    );
  }
  if (before) {
    const hs = stats(subjects[3]!.samples);
    const schema = stats(subjects[2]!.samples);
    const schemaBefore = stats(subjects[4]!.samples);
    console.log(
      `  vs before (${before.rev}): handshake ${hs.median.toFixed(1)} → ${release.median.toFixed(1)} ms (×${(hs.median / base.median).toFixed(2)} → ×${ratio.toFixed(2)} node -e 0), ` +
        `GetProviderSchema answered ${schemaBefore.median.toFixed(1)} → ${schema.median.toFixed(1)} ms`,
    );
  }
} finally {
  before?.remove();
  rmSync(mirrorDir, { recursive: true, force: true });
}
