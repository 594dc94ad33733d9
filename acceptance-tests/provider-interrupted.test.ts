// Acceptance (issue 12, item 13): an interrupted apply converges. With the real terraform CLI, a
// proxy in front of bin/mock-konnect loses answers after Konnect has acted (src/testing/lossy-proxy.ts):
//  - Konnect "dies" after committing a create: the apply fails; once it is back, the next apply
//    takes the objects whose answers were lost into state (one warning each, no error), the plan
//    is then empty and nothing exists twice;
//  - lost answers within one apply: the retried create meets its own object and takes it;
//  - an existing object that differs: one error with the import block to write, which works.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { installProvider, killStartedProcesses, startLossyProxy, tempDir, terraformSkipReason, type LossyProxy } from '../src/testing/index.js';
import { exampleMainTf, secret, startMock, Tf, type Mock } from './seed-terraform.harness.js';

const skip = terraformSkipReason();
const APPLY = ['apply', '-auto-approve', '-input=false', '-no-color'];
const N = 30;

const MANY_TF = `
terraform {
  required_providers {
    konnect = { source = "kong/konnect" }
  }
}
provider "konnect" {
  server_url = var.konnect_server_url
}
variable "konnect_server_url" { type = string }
variable "huggingface_token" {
  type      = string
  sensitive = true
}
resource "konnect_gateway_control_plane" "cp" {
  name         = "interrupted"
  cluster_type = "CLUSTER_TYPE_CONTROL_PLANE"
  auth_type    = "pinned_client_certs"
}
resource "konnect_gateway_service" "svc" {
  count            = ${N}
  name             = "svc-\${count.index}"
  host             = "upstream-\${count.index}.example.com"
  port             = 443
  protocol         = "https"
  control_plane_id = konnect_gateway_control_plane.cp.id
}
resource "konnect_gateway_plugin_ai_proxy" "ai" {
  count            = ${N}
  control_plane_id = konnect_gateway_control_plane.cp.id
  service          = { id = konnect_gateway_service.svc[count.index].id }
  config = {
    route_type = "llm/v1/chat"
    llm_format = "huggingface"
    auth = {
      header_name  = "Authorization"
      header_value = "Bearer \${var.huggingface_token}"
    }
    model = {
      provider = "huggingface"
      name     = "model-\${count.index}"
    }
  }
}
`;

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
/** Terraform wraps diagnostic details at 80 columns. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('provider: an interrupted apply converges', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let cliConfig: string;
  const cleanup: (() => void | Promise<void>)[] = [];

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    cliConfig = await installProvider(mirror.path);
  });
  after(async () => {
    for (const c of cleanup.reverse()) await c();
    await killStartedProcesses();
    mirror?.remove();
  });

  async function setUp(files: Record<string, string>): Promise<{ mock: Mock; proxy: LossyProxy; tf: Tf; hf: string }> {
    const mock = await startMock(secret('kpat_int'));
    cleanup.push(() => mock.stop());
    const proxy = await startLossyProxy(mock.url);
    cleanup.push(() => proxy.close());
    const hf = secret('hf_int');
    const tf = new Tf(cliConfig, files, { KONNECT_TOKEN: mock.token, TF_VAR_huggingface_token: hf, TF_VAR_konnect_server_url: proxy.url });
    cleanup.push(() => tf.remove());
    await tf.ok(['init', '-input=false', '-no-color']);
    return { mock, proxy, tf, hf };
  }

  async function collection(mock: Mock, kind: string): Promise<any[]> {
    const [cp] = await mock.controlPlanes();
    return (await mock.api('GET', `/v2/control-planes/${cp.id}/core-entities/${kind}?size=1000`)).body.data;
  }

  test(`Konnect dies after committing a create in an apply of ${N} services and ${N} plugins: the next apply takes the lost objects into state`, async () => {
    const { mock, proxy, tf, hf } = await setUp({ 'main.tf': MANY_TF });
    // The 4th plugin create is committed, its answer never arrives, and Konnect is gone for the
    // rest of this apply (answers of calls in flight are lost too).
    let plugins = 0;
    proxy.decide((a) => (a.method === 'POST' && a.status === 201 && a.path.endsWith('/core-entities/plugins') && ++plugins === 4 ? 'drop-and-go-down' : 'answer'));
    const first = await tf.run(APPLY, { KONNECT_RETRY_BUDGET: '2s' });
    assert.equal(first.code, 1, first.out);
    const lost = proxy.dropped.filter((a) => a.method === 'POST' && a.status === 201);
    assert.ok(lost.some((a) => a.path.endsWith('/plugins')), `a plugin create landed unanswered: ${JSON.stringify(proxy.dropped)}`);

    proxy.up();
    proxy.decide(() => 'answer');
    const second = await tf.run(APPLY);
    assert.equal(second.code, 0, second.out);
    assert.equal(count(second.out, /^Error:/gm), 0, second.out);
    assert.match(second.out, /Apply complete!/);
    const warnings = count(second.out, /^Warning: konnect_gateway_(service|plugin_ai_proxy) with .* already existed in Konnect; taken into state/gm);
    assert.equal(warnings, lost.length, `one warning per lost create (${lost.length}):\n${second.out}`);
    assert.match(flat(second.out), /already existed in Konnect with the same configuration \(an earlier apply was probably interrupted/);
    assert.ok(!second.out.includes(hf), 'the token in header_value is not shown');

    await tf.assertEmptyPlan('after the interrupted apply converged');
    assert.equal((await mock.controlPlanes()).length, 1);
    assert.equal((await collection(mock, 'services')).length, N, 'no service twice');
    assert.equal((await collection(mock, 'plugins')).length, N, 'no plugin twice');
    assert.equal(tf.state().resources.flatMap((r: any) => r.instances).length, 1 + 2 * N);
  });

  test('answers lost within one apply (control plane, service, plugin): the retried creates take their own objects', async () => {
    const { mock, proxy, tf } = await setUp({ 'main.tf': exampleMainTf('service') });
    const seen = new Set<string>();
    // The first create of each collection lands and its answer is lost.
    proxy.decide((a) => (a.method === 'POST' && a.status === 201 && !seen.has(a.path) && seen.add(a.path) ? 'drop' : 'answer'));
    const out = await tf.ok(APPLY);
    assert.equal(proxy.dropped.length, 3, JSON.stringify(proxy.dropped));
    assert.match(out, /Apply complete! Resources: 3 added, 0 changed, 0 destroyed\./);
    assert.equal(count(out, /^Warning: .* already existed in Konnect; taken into state/gm), 3, out);
    await tf.assertEmptyPlan('after lost answers');
    assert.equal((await mock.controlPlanes()).length, 1);
    assert.equal((await collection(mock, 'services')).length, 1);
    assert.equal((await mock.plugins()).length, 1);
  });

  test('an existing object that differs: one error with the import block, and that block imports it', async () => {
    const { mock, tf } = await setUp({ 'main.tf': exampleMainTf('service') });
    const cp = (await mock.api('POST', '/v2/control-planes', { name: 'hf-service', cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE', auth_type: 'pinned_client_certs' })).body;
    const svc = (await mock.api('POST', `/v2/control-planes/${cp.id}/core-entities/services`, { name: 'hf-service', host: 'somewhere-else.example.com', port: 8443, protocol: 'https' })).body;
    assert.ok(svc.id, JSON.stringify(svc));

    const r = await tf.run(APPLY);
    assert.equal(r.code, 1, r.out);
    assert.equal(count(r.out, /^Error:/gm), 1, `reported once:\n${r.out}`);
    assert.match(r.out, /Error: Already exists in Konnect \(create konnect_gateway_service\)/);
    assert.match(flat(r.out), /differs from this resource's configuration in: host, port\./);
    const id = `id = jsonencode({ control_plane_id = "${cp.id}", id = "${svc.id}" })`;
    assert.ok(r.out.includes(id), `the import block has the ids:\n${r.out}`);
    assert.match(r.out, /to = konnect_gateway_service\.example/);
    assert.match(r.out, /Warning: konnect_gateway_control_plane with name "hf-service" already existed in Konnect; taken into state/);

    // The block as printed, with this resource's address.
    tf.work.write('import.tf', `import {\n  to = konnect_gateway_service.my_service\n  ${id}\n}\n`);
    const out = await tf.ok(APPLY);
    assert.match(out, /Apply complete! Resources: 1 imported, 1 added, 1 changed, 0 destroyed\./);
    await tf.assertEmptyPlan('after the import');
    const services = await collection(mock, 'services');
    assert.deepEqual(services.map((s: any) => [s.id, s.host, s.port]), [[svc.id, 'api-inference.huggingface.co', 443]]);
  });
});
