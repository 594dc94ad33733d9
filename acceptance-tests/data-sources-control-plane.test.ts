// Acceptance: data "konnect_gateway_control_plane" and data "konnect_gateway_control_plane_list"
// with the real terraform CLI, our provider from a filesystem mirror and a fresh bin/mock-konnect
// (port 0, killed by PID). Control planes are made through the mock's API; Terraform reads them
// by name and by id, lists them with a filter and labels, feeds a resource from a data source
// (empty plan after apply), and gets errors naming the attribute for a missing control plane and
// for a filter with two operators.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installProvider, killStartedProcesses, REPO_ROOT, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { secret, startMock, Tf, type Mock } from './seed-terraform.harness.js';

const skip = terraformSkipReason();

const PROVIDER = `terraform {
  required_providers {
    konnect = { source = "kong/konnect" }
  }
}
variable "konnect_server_url" { type = string }
provider "konnect" {
  server_url = var.konnect_server_url
}
`;

describe('the control plane data sources with the real terraform CLI against bin/mock-konnect', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let mock: Mock;
  let tf: Tf;
  const cps: Record<string, any> = {};

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    const cliConfig = await installProvider(mirror.path);
    const token = secret('kpat_');
    mock = await startMock(token);
    for (const [key, body] of [
      ['example', { name: 'Terraform Control Plane', labels: { env: 'test' } }],
      ['ai1', { name: 'ai-gateway-eu', labels: { env: 'test' } }],
      ['ai2', { name: 'ai-gateway-us', labels: { env: 'prod' } }],
    ] as const) {
      const r = await mock.api('POST', '/v2/control-planes', body);
      assert.equal(r.status, 201);
      cps[key] = r.body;
      await new Promise((res) => setTimeout(res, 5));
    }
    tf = new Tf(cliConfig, { 'main.tf': PROVIDER }, { KONNECT_TOKEN: token, TF_VAR_konnect_server_url: mock.url });
    await tf.ok(['init', '-input=false', '-no-color']);
  });
  after(async () => {
    await mock?.stop();
    await killStartedProcesses();
    tf?.remove();
    mirror?.remove();
  });

  const outputs = async () => JSON.parse(await tf.ok(['output', '-json', '-no-color'])) as Record<string, { value: any }>;

  test('the docs examples: by name, and a filtered, labelled, sorted list', async () => {
    const one = readFileSync(join(REPO_ROOT, 'examples', 'data-sources', 'konnect_gateway_control_plane', 'data-source.tf'), 'utf8');
    const list = readFileSync(join(REPO_ROOT, 'examples', 'data-sources', 'konnect_gateway_control_plane_list', 'data-source.tf'), 'utf8');
    tf.work.write('main.tf', `${PROVIDER}\n${one}\n${list}`);
    const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, /Apply complete! Resources: 0 added, 0 changed, 0 destroyed\./);
    const o = await outputs();
    assert.equal(o.control_plane_endpoint!.value, cps.example.config.control_plane_endpoint);
    assert.deepEqual(o.control_plane_ids!.value, [cps.ai1.id], 'name contains "ai" and env:test');
  });

  test('by id; a list without filter; a resource fed by the data source, with an empty plan after apply', async () => {
    tf.work.write(
      'main.tf',
      `${PROVIDER}
data "konnect_gateway_control_plane" "by_id" {
  filter = { id = { eq = "${cps.ai2.id}" } }
}
data "konnect_gateway_control_plane_list" "all" {
  sort = "created_at desc"
}
resource "konnect_gateway_service" "svc" {
  name             = "llm"
  host             = "127.0.0.1"
  control_plane_id = data.konnect_gateway_control_plane.by_id.id
}
output "by_id" { value = data.konnect_gateway_control_plane.by_id }
output "names" { value = [for cp in data.konnect_gateway_control_plane_list.all.data : cp.name] }
`,
    );
    const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, /Apply complete! Resources: 1 added, 0 changed, 0 destroyed\./);
    const o = await outputs();
    assert.equal(o.by_id!.value.name, 'ai-gateway-us');
    assert.deepEqual(o.by_id!.value.labels, { env: 'prod' });
    assert.equal(o.by_id!.value.config.cluster_type, 'CLUSTER_TYPE_CONTROL_PLANE');
    assert.deepEqual(o.names!.value, ['ai-gateway-us', 'ai-gateway-eu', 'Terraform Control Plane']);
    const svc = await mock.api('GET', `/v2/control-planes/${cps.ai2.id}/core-entities/services?size=100`);
    assert.deepEqual(svc.body.data.map((s: any) => s.name), ['llm'], 'the service landed in the control plane the data source found');
    await tf.assertEmptyPlan('with data sources');
    await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
  });

  test('no control plane matching: plan fails with an error on filter that says what was asked', async () => {
    tf.work.write('main.tf', `${PROVIDER}\ndata "konnect_gateway_control_plane" "missing" {\n  filter = { name = { eq = "does-not-exist" } }\n}\n`);
    const r = await tf.run(['plan', '-no-color', '-input=false']);
    assert.notEqual(r.code, 0);
    const text = r.out.replace(/\s+/g, ' ');
    assert.match(text, /Error: No control plane found/);
    assert.match(text, /with data\.konnect_gateway_control_plane\.missing, on main\.tf line \d+, in data "konnect_gateway_control_plane" "missing": \d+: filter = /);
    assert.match(text, /no control plane matching filter\.name\.eq = "does-not-exist"/);
  });

  test('a filter with two operators is refused by terraform validate, pointing at filter and naming filter.name; an unsupported sort by Konnect, naming sort', async () => {
    tf.work.write('main.tf', `${PROVIDER}\ndata "konnect_gateway_control_plane_list" "two" {\n  filter = { name = { eq = "a", contains = "b" } }\n}\n`);
    const v = await tf.run(['validate', '-no-color']);
    assert.notEqual(v.code, 0);
    const text = v.out.replace(/\s+/g, ' ');
    assert.match(text, /Error: More than one filter operator/);
    assert.match(text, /filter\.name sets contains and eq/);
    assert.match(text, /in data "konnect_gateway_control_plane_list" "two": \d+: filter = /);

    tf.work.write('main.tf', `${PROVIDER}\ndata "konnect_gateway_control_plane_list" "sorted" {\n  sort = "name"\n}\n`);
    const s = await tf.run(['plan', '-no-color', '-input=false']);
    assert.notEqual(s.code, 0);
    const st = s.out.replace(/\s+/g, ' ');
    assert.match(st, /Konnect rejected a value/);
    assert.match(st, /\d+: sort = "name"/);
    // Nothing was created by these reads.
    assert.equal((await mock.controlPlanes()).length, 3);
  });
});
