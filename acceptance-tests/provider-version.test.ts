// Acceptance: a configuration written for the official provider — `version = "~> 3.19"` — inits
// offline from the mirror `make install-provider` writes with PROVIDER_VERSION=3.19.0, and the
// executable terraform runs is the release archive's (one file, Node's SEA: no Node.js needed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  connectProvider,
  handshakeEnv,
  installProvider,
  killStartedProcesses,
  launchProvider,
  REPO_ROOT,
  tempDir,
  terraformClientCertificate,
  terraformSkipReason,
  terraformWorkdir,
  type Workdir,
} from '../src/testing/index.js';
import { readZip } from '../scripts/release/zip.js';

const skip = terraformSkipReason();
// Any attempt to reach a registry fails fast through this proxy, so success proves "offline".
const OFFLINE = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' };

const CONFIG = `terraform {
  required_providers {
    konnect = {
      source  = "kong/konnect"
      version = "~> 3.19"
    }
  }
}

provider "konnect" {
  server_url = "http://127.0.0.1:1"
}
`;

describe('PROVIDER_VERSION=3.19.0: a configuration pinned to the official "~> 3.19" resolves to ours', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let cliConfig: string;
  let work: Workdir;

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    cliConfig = await installProvider(mirror.path, { version: '3.19.0' });
    work = terraformWorkdir(cliConfig, { 'main.tf': CONFIG });
  });
  after(async () => {
    await killStartedProcesses();
    work?.remove();
    mirror?.remove();
  });

  test('the mirror holds 3.19.0 as the release archive\'s single executable', () => {
    const pkg = join(mirror.path, 'mirror', 'registry.terraform.io', 'kong', 'konnect', '3.19.0', 'linux_amd64');
    assert.deepEqual(readdirSync(pkg), ['terraform-provider-konnect_v3.19.0']);
    const zip = join(REPO_ROOT, '.build', 'release', 'terraform-provider-konnect_3.19.0_linux_amd64.zip');
    const [entry, ...rest] = readZip(readFileSync(zip));
    assert.equal(rest.length, 0);
    assert.equal(entry!.name, 'terraform-provider-konnect_v3.19.0');
    assert.equal(entry!.mode, 0o755);
    assert.ok(readFileSync(join(pkg, entry!.name)).equals(entry!.data), 'the installed executable is the archive\'s, byte for byte');
    const sums = readFileSync(join(REPO_ROOT, '.build', 'release', 'terraform-provider-konnect_3.19.0_SHA256SUMS'), 'utf8');
    assert.match(sums, /^[0-9a-f]{64} {2}terraform-provider-konnect_3\.19\.0_linux_amd64\.zip$/m);
    assert.match(sums, /^[0-9a-f]{64} {2}terraform-provider-konnect_3\.19\.0_manifest\.json$/m);
  });

  test('terraform init selects 3.19.0 offline and locks it', async () => {
    const r = await work.terraform(['init', '-input=false', '-no-color'], { env: OFFLINE });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Installed kong\/konnect v3\.19\.0 \(unauthenticated\)/);
    const lock = readFileSync(join(work.dir, '.terraform.lock.hcl'), 'utf8');
    assert.match(lock, /provider "registry\.terraform\.io\/kong\/konnect" \{\s+version\s+= "3\.19\.0"\s+constraints = "~> 3\.19"/);
  });

  test('an existing lock file (the official 3.19.0 checksums): init refuses, `providers lock -fs-mirror` adds ours, init passes', async () => {
    // Stand-ins for the official package's checksums (ours can never equal them: another binary).
    const officialLock = `provider "registry.terraform.io/kong/konnect" {
  version     = "3.19.0"
  constraints = "~> 3.19"
  hashes = [
    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "zh:0000000000000000000000000000000000000000000000000000000000000000",
  ]
}
`;
    const locked = terraformWorkdir(cliConfig, { 'main.tf': CONFIG, '.terraform.lock.hcl': officialLock });
    try {
      const refused = await locked.terraform(['init', '-input=false', '-no-color'], { env: OFFLINE });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /doesn't match any of the checksums\s+previously recorded in the dependency lock file/);
      const mirrorDir = join(mirror.path, 'mirror');
      const lock = await locked.terraform(
        ['providers', 'lock', '-no-color', `-fs-mirror=${mirrorDir}`, '-platform=linux_amd64', 'registry.terraform.io/kong/konnect'],
        { env: OFFLINE },
      );
      assert.equal(lock.code, 0, `${lock.stdout}\n${lock.stderr}`);
      const init = await locked.terraform(['init', '-input=false', '-no-color'], { env: OFFLINE });
      assert.equal(init.code, 0, `${init.stdout}\n${init.stderr}`);
      assert.match(init.stdout, /Installed kong\/konnect v3\.19\.0/);
      const after = readFileSync(join(locked.dir, '.terraform.lock.hcl'), 'utf8');
      assert.match(after, /version\s+= "3\.19\.0"/);
      assert.match(after, /"h1:AAAA/, 'the official checksums stay (the lock file still works with the official provider)');
      assert.equal(after.match(/"h1:/g)?.length, 2, after);
    } finally {
      locked.remove();
    }
  });

  test('each of the executable\'s three bundles starts through the V8 code cache recorded at release time', async () => {
    const exe = join(mirror.path, 'mirror', 'registry.terraform.io', 'kong', 'konnect', '3.19.0', 'linux_amd64', 'terraform-provider-konnect_v3.19.0');
    const cert = terraformClientCertificate();
    const p = await launchProvider(handshakeEnv(cert, { TF_LOG: 'debug' }), [], exe);
    const c = await connectProvider(p.handshake, cert);
    try {
      // "none" or "rejected" would mean a slower start on every terraform command (a stale or empty cache).
      const started = await p.process.waitForLine(/plugin started/, 20_000);
      assert.match(started, /"code_cache":"start:sea serving:sea"/, started);
      await c.call(c.provider, 'GetMetadata'); // loads the implementation
      const loaded = await p.process.waitForLine(/provider implementation loaded/, 20_000);
      assert.match(loaded, /"code_cache":"start:sea serving:sea implementation:sea"/, loaded);
    } finally {
      c.close();
      await p.process.kill('SIGKILL');
    }
  });

  test('the provider runs without Node.js on PATH (validate starts it)', async () => {
    const r = await work.terraform(['validate', '-no-color'], { env: { ...OFFLINE, PATH: '/nonexistent' } });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Success! The configuration is valid\./);
  });
});
