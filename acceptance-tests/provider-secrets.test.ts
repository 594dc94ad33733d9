// Acceptance: secrets under TF_LOG=trace. A full apply/destroy of the seed's service-scoped
// configuration logs every RPC and every Konnect HTTP call with its timing, and neither the
// Hugging Face token nor the Konnect token appears in terraform's output, its log (which carries
// the provider's stderr) or, with header_value_wo, the state file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installProvider, killStartedProcesses, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { exampleMainTf, secret, startMock, Tf, type Mock } from './seed-terraform.harness.js';

const skip = terraformSkipReason();

const WITH_HEADER_VALUE = exampleMainTf('service');
const WITH_WRITE_ONLY = WITH_HEADER_VALUE.replace(
  'header_value = "Bearer ${var.huggingface_token}"',
  'header_value_wo = "Bearer ${var.huggingface_token}"\n      header_value_wo_version = 1',
);

describe('secrets under TF_LOG=trace', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let cliConfig: string;
  let mock: Mock;
  const konnectToken = secret('kpat_sec');
  const dirs: Tf[] = [];

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    cliConfig = await installProvider(mirror.path);
    mock = await startMock(konnectToken);
  });
  after(async () => {
    await killStartedProcesses();
    for (const d of dirs) d.remove();
    mirror?.remove();
  });

  async function fullCycle(mainTf: string, hfToken: string): Promise<{ tf: Tf; log: string; stateAfterApply: string }> {
    const tf = new Tf(cliConfig, { 'main.tf': mainTf }, { KONNECT_TOKEN: konnectToken, TF_VAR_huggingface_token: hfToken, TF_VAR_konnect_server_url: mock.url });
    dirs.push(tf);
    await tf.ok(['init', '-input=false', '-no-color']);
    const trace = { TF_LOG: 'trace' };
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color'], trace);
    const stateAfterApply = readFileSync(join(tf.work.dir, 'terraform.tfstate'), 'utf8');
    const plugins = await mock.plugins();
    assert.equal(plugins.length, 1);
    assert.equal(plugins[0].config.auth.header_value, `Bearer ${hfToken}`, 'Konnect got the token');
    await tf.ok(['plan', '-input=false', '-no-color'], trace);
    await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color'], trace);
    assert.deepEqual(await mock.controlPlanes(), []);
    return { tf, log: tf.transcript.join('\n'), stateAfterApply };
  }

  test('header_value: every RPC and HTTP call is logged with timings; no token anywhere in output or logs', async () => {
    const hfToken = secret('hf_sec');
    const { log, stateAfterApply } = await fullCycle(WITH_HEADER_VALUE, hfToken);
    // Our lines, as go-plugin relays the provider's stderr into terraform's log.
    assert.match(log, /provider\.terraform-provider-konnect[^:]*: received RPC: @module=konnect rpc=ApplyResourceChange/);
    assert.match(log, /ApplyResourceChange done: .*ms=\d+/);
    assert.match(log, /konnect POST \/v2\/control-planes\/[0-9a-f-]+\/core-entities\/plugins → 201 in [\d.]+ ms/);
    assert.match(log, /konnect DELETE \/v2\/control-planes\/[0-9a-f-]+\/core-entities\/plugins\/[0-9a-f-]+ → 204 in [\d.]+ ms/);
    assert.ok(!log.includes(hfToken), 'the Hugging Face token never appears in output or logs');
    assert.ok(!log.includes(konnectToken), 'the Konnect token never appears in output or logs');
    assert.ok(stateAfterApply.includes(hfToken), 'header_value (sensitive) is in state, as Terraform stores sensitive values');
  });

  test('header_value_wo: additionally the token never reaches the state file', async () => {
    const hfToken = secret('hf_wo');
    const { log, stateAfterApply, tf } = await fullCycle(WITH_WRITE_ONLY, hfToken);
    assert.ok(!log.includes(hfToken), 'not in output or logs');
    assert.ok(!log.includes(konnectToken));
    assert.ok(!stateAfterApply.includes(hfToken), 'not in the state file');
    assert.match(stateAfterApply, /"header_value_wo_version": 1/);
    const backup = readFileSync(join(tf.work.dir, 'terraform.tfstate.backup'), 'utf8');
    assert.ok(!backup.includes(hfToken), 'not in the state backup');
  });
});
