// Acceptance: the seed's Terraform for the ai-proxy plugin at every scope (examples/terraform/<scope>),
// with the real terraform CLI, our provider from a filesystem mirror and bin/mock-konnect:
// apply → empty plan → apply changes nothing → change a value → in-place update → import (CLI and
// import blocks, every resource) → empty plan → delete behind Terraform's back → plan re-creates →
// destroy leaves the mock empty. Plus the seed's HCL exactly as written: the $KONNECT_TOKEN error
// and the `var.` warning.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installProvider, killStartedProcesses, tempDir, terraformSkipReason } from '../src/testing/index.js';
import {
  exampleMainTf,
  PLUGIN,
  SCOPES,
  secret,
  seedPluginBlocks,
  seedProviderBlocks,
  startMock,
  stateResources,
  Tf,
  type Mock,
  type Scope,
} from './seed-terraform.harness.js';

const skip = terraformSkipReason();

let mirror: { path: string; remove: () => void } | undefined;
let cliConfig = '';

before(async () => {
  if (skip) return;
  mirror = tempDir('konnect-mirror-');
  cliConfig = await installProvider(mirror.path);
});
after(async () => {
  await killStartedProcesses();
  mirror?.remove();
});

test('examples/terraform/<scope>/main.tf hold the seed’s resource blocks, changed only where the seed cannot work', () => {
  const blocks = seedPluginBlocks();
  assert.equal(blocks.length, SCOPES.length, 'the seed has one Terraform block per scope');
  SCOPES.forEach((scope, i) => {
    const expected = blocks[i]!.replace('header_value = "Bearer var.huggingface_token"', 'header_value = "Bearer ${var.huggingface_token}"');
    assert.notEqual(expected, blocks[i], 'the seed writes the literal var. text');
    assert.ok(exampleMainTf(scope).includes(expected), `${scope}: examples/terraform/${scope}/main.tf carries the seed block`);
  });
});

const IMPORT_ID = (cp: string, id: string) => `{"control_plane_id": "${cp}", "id": "${id}"}`;

function importBlocks(resources: ReturnType<typeof stateResources>): string {
  return resources
    .map((r) =>
      r.type === 'konnect_gateway_control_plane'
        ? `import {\n  to = ${r.address}\n  id = "${r.id}"\n}\n`
        : `import {\n  to = ${r.address}\n  id = jsonencode({\n    control_plane_id = "${r.cp}"\n    id               = "${r.id}"\n  })\n}\n`,
    )
    .join('\n');
}

// SEED_SCOPES=global,route runs only those scopes (while iterating).
const only = process.env.SEED_SCOPES?.split(',');
for (const scope of SCOPES.filter((s) => !only || only.includes(s))) {
  describe(`seed Terraform, ${scope} scope`, { skip }, () => {
    const hfToken = secret('hf_acc');
    const konnectToken = secret('kpat_acc');
    let mock: Mock;
    let tf: Tf;
    let pluginId = '';
    let cpId = '';

    before(async () => {
      mock = await startMock(konnectToken);
      tf = new Tf(cliConfig, { 'main.tf': exampleMainTf(scope) }, {
        KONNECT_TOKEN: konnectToken,
        TF_VAR_huggingface_token: hfToken,
        TF_VAR_konnect_server_url: mock.url,
      });
      await tf.ok(['init', '-input=false', '-no-color']);
    });
    after(async () => {
      await mock?.stop();
      tf?.remove();
    });

    test('apply creates the plugin with its scope; the next plan is empty; apply again changes nothing', async () => {
      const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
      assert.match(out, /Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\./);
      assert.ok(!out.includes(hfToken), 'the token is not printed');
      const plugins = await mock.plugins();
      assert.equal(plugins.length, 1);
      const p = plugins[0]!;
      pluginId = p.id;
      assert.equal(p.config.auth.header_value, `Bearer ${hfToken}`, 'Konnect received "Bearer <token>"');
      assert.equal(p.config.llm_format, 'huggingface');
      const res = stateResources(tf.state());
      cpId = res.find((r) => r.type === 'konnect_gateway_control_plane')!.id;
      for (const s of ['service', 'route', 'consumer', 'consumer_group'] as const) {
        const owner = res.find((r) => r.type === `konnect_gateway_${s}`);
        assert.deepEqual(p[s], scope === s ? { id: owner!.id } : null, `${s} scoping`);
      }
      await tf.assertEmptyPlan('after apply');
      const again = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
      assert.match(again, /No changes\.|Resources: 0 added, 0 changed, 0 destroyed/);
    });

    test('changing a value updates the plugin in place', async () => {
      tf.work.write('main.tf', exampleMainTf(scope).replace('name = "HuggingFaceTB/SmolVLM-Base"', 'name = "HuggingFaceTB/SmolLM2-1.7B-Instruct"'));
      const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
      assert.match(out, /update in-place/);
      assert.match(out, /Resources: 0 added, 1 changed, 0 destroyed\./);
      const plugins = await mock.plugins();
      assert.deepEqual(plugins.map((p) => [p.id, p.config.model.name]), [[pluginId, 'HuggingFaceTB/SmolLM2-1.7B-Instruct']]);
      await tf.assertEmptyPlan('after the update');
    });

    test('terraform import (CLI) of the plugin, then import blocks for every resource: plans stay empty', async () => {
      await tf.ok(['state', 'rm', '-no-color', PLUGIN]);
      const bad = await tf.run(['import', '-no-color', '-input=false', PLUGIN, pluginId]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.out, /\{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "3473c251-5b6c-4f45-b1ff-7ede735a366d"\}/, 'a wrong id is answered with the format');
      const out = await tf.ok(['import', '-no-color', '-input=false', PLUGIN, IMPORT_ID(cpId, pluginId)]);
      assert.match(out, /Import successful!/);
      await tf.assertEmptyPlan('after terraform import');

      const resources = stateResources(tf.state());
      await tf.ok(['state', 'rm', '-no-color', ...resources.map((r) => r.address)]);
      tf.work.write('imports.tf', importBlocks(resources));
      try {
        const applied = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
        assert.match(applied, new RegExp(`Resources: ${resources.length} imported, 0 added, 0 changed, 0 destroyed\\.`));
      } finally {
        rmSync(join(tf.work.dir, 'imports.tf'));
      }
      await tf.assertEmptyPlan('after import blocks');
      assert.equal((await mock.plugins()).length, 1, 'imports created nothing');
    });

    test('deleted behind Terraform’s back: the plan re-creates it; destroy leaves the mock empty', async () => {
      assert.equal((await mock.api('DELETE', `/v2/control-planes/${cpId}/core-entities/plugins/${pluginId}`)).status, 204);
      const plan = await tf.planExit();
      assert.equal(plan.code, 2, plan.out);
      assert.match(plan.out, new RegExp(`# ${PLUGIN.replace(/\./g, '\\.')} will be created`));
      assert.match(plan.out, /Plan: 1 to add, 0 to change, 0 to destroy\./);
      const out = await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
      assert.match(out, /Destroy complete!/);
      assert.deepEqual(await mock.controlPlanes(), [], 'no control plane left');
      assert.deepEqual(await mock.plugins(), []);
      assert.ok(!existsSync(join(tf.work.dir, 'imports.tf')));
    });
  });
}

describe('the seed’s Terraform exactly as written', { skip }, () => {
  let tf: Tf;
  before(async () => {
    // The seed's blocks verbatim; it references a control plane it never declares, so one is added.
    const files = {
      'provider.tf': seedProviderBlocks(),
      'plugin.tf': seedPluginBlocks()[0]!,
      'variables.tf': 'variable "huggingface_token" {\n  type = string\n}\n',
      'control_plane.tf': 'resource "konnect_gateway_control_plane" "my_konnect_cp" {\n  name = "seed"\n}\n',
    };
    tf = new Tf(cliConfig, files, { KONNECT_TOKEN: secret('kpat_acc'), TF_VAR_huggingface_token: secret('hf_acc') });
    await tf.ok(['init', '-input=false', '-no-color']);
  });
  after(() => tf?.remove());

  test('validate passes with both warnings; plan stops on "$KONNECT_TOKEN" and says how to pass the token', async () => {
    const v = await tf.ok(['validate', '-no-color']);
    assert.match(v, /Warning: header_value contains the literal text "var\.huggingface_token"/);
    assert.match(v, /"Bearer \$\{var\.huggingface_token\}"/);
    assert.match(v, /personal_access_token is the literal text "\$KONNECT_TOKEN"/);
    const plan = await tf.run(['plan', '-no-color', '-input=false']);
    assert.equal(plan.code, 1, plan.out);
    assert.match(plan.out, /Error: personal_access_token is the literal text "\$KONNECT_TOKEN", not a token/);
    assert.match(plan.out, /export KONNECT_TOKEN=/);
    assert.match(plan.out, /Warning: header_value contains the literal text "var\.huggingface_token"/);
  });
});
