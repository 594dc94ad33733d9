// KONNECT_PROVIDER_CPU_REPORT: the built provider (make build) appends its CPU to the file as it
// exits after Shutdown — what bench/terraform-plan.bench.ts adds up per plan.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectProvider, handshakeEnv, killStartedProcesses, launchProvider, tempDir, terraformClientCertificate } from '../../testing/index.js';

after(killStartedProcesses);

test('each provider process appends "<pid> <user µs> <system µs>" to KONNECT_PROVIDER_CPU_REPORT as it exits', async () => {
  const dir = tempDir('konnect-cpu-report-');
  try {
    const file = join(dir.path, 'cpu.txt');
    const pids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const cert = terraformClientCertificate();
      const p = await launchProvider(handshakeEnv(cert, { KONNECT_PROVIDER_CPU_REPORT: file }));
      const c = await connectProvider(p.handshake, cert);
      await c.call(c.provider, 'GetProviderSchema');
      await c.call(c.controller, 'Shutdown');
      assert.equal(await p.process.exited(), 0);
      c.close();
      pids.push(p.process.pid);
    }
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    lines.forEach((line, i) => {
      const [pid, user, system] = line.split(' ').map(Number);
      assert.equal(pid, pids[i]);
      assert.ok(Number.isInteger(user) && user! > 0, line);
      assert.ok(Number.isInteger(system) && system! >= 0, line);
    });
  } finally {
    dir.remove();
  }
});
