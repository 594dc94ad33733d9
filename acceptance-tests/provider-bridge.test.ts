// Acceptance: the real terraform CLI installs our provider from a filesystem mirror (offline)
// and loads it through the plugin protocol: init, validate of the seed's provider block, and
// `providers schema -json` matching the official provider block.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  installProvider,
  killStartedProcesses,
  seedProviderConfig,
  tempDir,
  terraformSkipReason,
  terraformWorkdir,
  type Workdir,
} from '../src/testing/index.js';

const skip = terraformSkipReason();
const officialSchema = JSON.parse(
  readFileSync(new URL('../src/schemas/testdata/konnect-provider-schema.json', import.meta.url), 'utf8'),
) as { provider_schemas: Record<string, { provider: unknown }> };

// Any attempt to reach a registry fails fast through this proxy, so success proves "offline".
const OFFLINE = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' };

describe('terraform loads kong/konnect from the filesystem mirror', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let cliConfig: string;
  let work: Workdir;

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    cliConfig = await installProvider(mirror.path);
    work = terraformWorkdir(cliConfig, { 'main.tf': seedProviderConfig() });
  });
  after(async () => {
    await killStartedProcesses();
    work?.remove();
    mirror?.remove();
  });

  test('terraform init succeeds offline', async () => {
    const r = await work.terraform(['init', '-input=false', '-no-color'], { env: OFFLINE });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Installed kong\/konnect v\d+\.\d+\.\d+ \(unauthenticated\)/);
    assert.match(readFileSync(`${work.dir}/.terraform.lock.hcl`, 'utf8'), /provider "registry\.terraform\.io\/kong\/konnect"[\s\S]*h1:/);
  });

  test('re-running install-provider without a rebuild keeps the package, so the lock file stays valid', async () => {
    const lock = readFileSync(`${work.dir}/.terraform.lock.hcl`, 'utf8');
    assert.equal(await installProvider(mirror.path), cliConfig);
    const r = await work.terraform(['init', '-input=false', '-no-color'], { env: OFFLINE });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.equal(readFileSync(`${work.dir}/.terraform.lock.hcl`, 'utf8'), lock);
  });

  test("terraform validate passes for the seed's provider block", async () => {
    const r = await work.terraform(['validate', '-no-color'], { env: OFFLINE });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Success! The configuration is valid\./);
  });

  test('terraform providers schema -json lists our provider with the official provider block', async () => {
    const r = await work.terraform(['providers', 'schema', '-json'], { env: OFFLINE });
    assert.equal(r.code, 0, r.stderr);
    const schema = JSON.parse(r.stdout) as { provider_schemas: Record<string, { provider: unknown; resource_schemas?: unknown }> };
    const ours = schema.provider_schemas['registry.terraform.io/kong/konnect'];
    assert.ok(ours, `provider listed: ${Object.keys(schema.provider_schemas).join(', ')}`);
    assert.deepEqual(ours.provider, officialSchema.provider_schemas['registry.terraform.io/kong/konnect']!.provider);
  });

  test("TF_LOG=trace: terraform shows our RPC log lines at their level; no token appears anywhere", async () => {
    const secret = 'kpat_Acceptance_Secret_0123456789';
    const r = await work.terraform(['validate', '-no-color'], {
      env: { ...OFFLINE, TF_LOG: 'trace', KONNECT_TOKEN: secret, TF_VAR_konnect_token: secret },
    });
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    const log = r.stdout + r.stderr;
    assert.match(log, /GRPCProvider\.v6: GetProviderSchema/);
    // go-plugin parsed our JSON line: level kept, fields as key=value.
    // (hclog prints the key=value fields in map order: @module and rpc come in either order)
    const received = log.split('\n').filter((l) => /\[TRACE\] provider\.terraform-provider-konnect_v[^:]+: received RPC: /.test(l));
    assert.ok(received.some((l) => / @module=konnect( |$)/.test(l) && / rpc=GetProviderSchema( |$)/.test(l)), received.join('\n') || 'no "received RPC" line');
    assert.match(log, /\[DEBUG\] provider\.terraform-provider-konnect_v[^:]+: received Shutdown from the plugin host/);
    assert.ok(!log.includes(secret), 'the token never appears in terraform output or logs');
  });
});
