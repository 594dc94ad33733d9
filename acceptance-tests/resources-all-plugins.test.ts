// Acceptance: every konnect_gateway_plugin_* the provider serves (the 111 of the official v3.19.0,
// from the generated tables), table-driven, with the real terraform CLI, our provider from a
// filesystem mirror (the release executable) and a fresh bin/mock-konnect. Batched so the whole
// table costs a handful of terraform runs, not 111 × 5: one configuration holds all 111 plugins
// (global, on one control plane; each a minimal valid configuration from its table's required
// attributes, src/testing/plugin-configs.ts) → one apply → one empty plan → all removed from the
// state and brought back by 111 `import {}` blocks with the official ids in one apply → an empty
// plan → one destroy, which leaves the mock empty. Each step checks every plugin by name, so a
// failure names the resource.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allGeneratedTables } from '../src/schemas/resource-tables/index.js';
import { hcl, installProvider, killStartedProcesses, minimalPluginConfig, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { secret, startMock, Tf, type Mock } from './seed-terraform.harness.js';

const skip = terraformSkipReason();
const plugins = allGeneratedTables().filter((t) => t.pluginName);

/** `konnect_gateway_plugin_cors` → resource name `cors`. */
const nameOf = (typeName: string) => typeName.replace(/^konnect_gateway_plugin_/, '');
const address = (typeName: string) => `${typeName}.${nameOf(typeName)}`;

function block(typeName: string): string {
  const table = plugins.find((t) => t.typeName === typeName)!;
  const attrs = Object.entries(minimalPluginConfig(table)).map(([k, v]) => `  ${k} = ${hcl(v!, '  ')}`);
  return `resource "${typeName}" "${nameOf(typeName)}" {\n  control_plane_id = local.cp\n${attrs.join('\n')}\n}\n`;
}

const CONFIG = `terraform {
  required_providers {
    konnect = { source = "kong/konnect" }
  }
}
variable "konnect_server_url" { type = string }
provider "konnect" {
  server_url = var.konnect_server_url
}
resource "konnect_gateway_control_plane" "cp" {
  name = "all-plugins"
}
locals {
  cp = konnect_gateway_control_plane.cp.id
}

${plugins.map((t) => block(t.typeName)).join('\n')}`;

describe(`all ${plugins.length} konnect_gateway_plugin_* resources with the real terraform CLI against bin/mock-konnect`, { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let mock: Mock;
  let tf: Tf;
  let cp = '';
  /** Terraform address → plugin id at Konnect, from the state after the apply. */
  const ids = new Map<string, string>();

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    const cliConfig = await installProvider(mirror.path);
    const token = secret('kpat_');
    mock = await startMock(token);
    tf = new Tf(cliConfig, { 'main.tf': CONFIG }, { KONNECT_TOKEN: token, TF_VAR_konnect_server_url: mock.url });
  });
  after(async () => {
    await mock?.stop();
    await killStartedProcesses();
    tf?.remove();
    mirror?.remove();
  });

  /** Every plugin of the control plane, by name, as Konnect has it. */
  const atKonnect = async () => {
    const list = (await mock.api('GET', `/v2/control-planes/${cp}/core-entities/plugins?size=1000`)).body.data as { id: string; name: string }[];
    return new Map(list.map((p) => [p.name, p.id]));
  };

  test('the table holds all 111 plugins of the official provider v3.19.0', () => {
    assert.equal(plugins.length, 111);
  });

  test('one apply creates every plugin at Konnect, with the plugin name of its table', async () => {
    await tf.ok(['init', '-input=false', '-no-color']);
    const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, new RegExp(`Apply complete! Resources: ${plugins.length + 1} added, 0 changed, 0 destroyed\\.`));
    const state = tf.state();
    cp = (state.resources as any[]).find((r) => r.type === 'konnect_gateway_control_plane').instances[0].attributes.id;
    for (const r of state.resources as any[]) if (r.type.startsWith('konnect_gateway_plugin_')) ids.set(`${r.type}.${r.name}`, r.instances[0].attributes.id);
    const remote = await atKonnect();
    const missing = plugins.filter((t) => remote.get(t.pluginName!) !== ids.get(address(t.typeName))).map((t) => t.typeName);
    assert.deepEqual(missing, [], 'created in the state but not at Konnect under its plugin name (or under another id)');
  });

  test('the plan after the apply is empty for every plugin', async () => {
    await tf.assertEmptyPlan('after apply');
  });

  test('removed from the state, every plugin comes back through an import {} block with the official id, and the plan is empty again', async () => {
    await tf.ok(['state', 'rm', '-no-color', ...plugins.map((t) => address(t.typeName))]);
    assert.equal((tf.state().resources as unknown[]).length, 1, 'only the control plane is left in the state');
    const imports = plugins
      .map((t) => `import {\n  to = ${address(t.typeName)}\n  id = ${JSON.stringify(JSON.stringify({ control_plane_id: cp, id: ids.get(address(t.typeName)) }))}\n}\n`)
      .join('\n');
    tf.work.write('imports.tf', imports);
    const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, new RegExp(`Apply complete! Resources: ${plugins.length} imported, 0 added, 0 changed, 0 destroyed\\.`));
    const state = tf.state();
    const back = new Map((state.resources as any[]).map((r) => [`${r.type}.${r.name}`, r.instances[0].attributes.id as string]));
    assert.deepEqual(
      plugins.filter((t) => back.get(address(t.typeName)) !== ids.get(address(t.typeName))).map((t) => t.typeName),
      [],
      'imported with another id, or not at all',
    );
    await tf.assertEmptyPlan('after import');
  });

  test('one destroy removes every plugin and the control plane: the mock is empty', async () => {
    tf.work.write('imports.tf', '');
    const out = await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, new RegExp(`Destroy complete! Resources: ${plugins.length + 1} destroyed\\.`));
    assert.deepEqual(await mock.plugins(), []);
    assert.deepEqual(await mock.controlPlanes(), []);
  });
});
