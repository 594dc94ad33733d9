// Acceptance: faults, with the real terraform CLI and the seed's service-scoped configuration.
// Konnect answering 429, 503 or 500 to 30% of calls → create, update and destroy of 23 objects
// converge, without duplicates (retries within a time budget; a replayed create that meets its own
// object takes it);
// a wrong token → "Konnect rejected the token"; a 400 → an error on the attribute Konnect named;
// Konnect down → the URL and the network error, and the next apply once it is back converges.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { installProvider, killStartedProcesses, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { exampleMainTf, secret, startMock, Tf, type Mock } from './seed-terraform.harness.js';

const skip = terraformSkipReason();
const MAIN_TF = exampleMainTf('service');
const EXTRA = 10;
/** The seed's objects plus EXTRA services and EXTRA plugins: more calls, so a retry policy that gives up shows. */
const MANY_TF = `${MAIN_TF}
resource "konnect_gateway_service" "extra" {
  count            = ${EXTRA}
  name             = "extra-\${count.index}"
  host             = "extra-\${count.index}.example.com"
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
}

resource "konnect_gateway_plugin_ai_proxy" "extra" {
  count            = ${EXTRA}
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
  service          = { id = konnect_gateway_service.extra[count.index].id }
  config = {
    route_type = "llm/v1/chat"
    model      = { provider = "huggingface", name = "model-\${count.index}" }
  }
}
`;
const APPLY = ['apply', '-auto-approve', '-input=false', '-no-color'];

describe('provider faults', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let cliConfig: string;
  const cleanup: (() => void)[] = [];

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    cliConfig = await installProvider(mirror.path);
  });
  after(async () => {
    await killStartedProcesses();
    for (const c of cleanup) c();
    mirror?.remove();
  });

  function workdir(mock: Mock, konnectToken = mock.token): Tf {
    const tf = new Tf(cliConfig, { 'main.tf': MAIN_TF }, { KONNECT_TOKEN: konnectToken, TF_VAR_huggingface_token: secret('hf_flt'), TF_VAR_konnect_server_url: mock.url });
    cleanup.push(() => tf.remove());
    return tf;
  }

  for (const status of ['429', '503', '500']) {
    test(`Konnect answers ${status} to 30% of calls: create, update and destroy of ${3 + 2 * EXTRA} objects converge with no duplicates`, async () => {
      const mock = await startMock(secret('kpat_flt'), ['--in-memory', '--fail-rate', '0.3', '--fail-status', status]);
      try {
        const tf = workdir(mock);
        tf.work.write('main.tf', MANY_TF);
        await tf.ok(['init', '-input=false', '-no-color']);
        const out = await tf.ok(APPLY);
        assert.match(out, new RegExp(`Apply complete! Resources: ${3 + 2 * EXTRA} added, 0 changed, 0 destroyed\\.`));
        const cps = await mock.controlPlanes();
        assert.equal(cps.length, 1, 'one control plane');
        const services = (await mock.api('GET', `/v2/control-planes/${cps[0].id}/core-entities/services?size=1000`)).body.data;
        assert.equal(services.length, 1 + EXTRA, 'no duplicate service');
        const plugins = await mock.plugins();
        assert.equal(plugins.length, 1 + EXTRA, 'no duplicate plugin from a retried POST');
        const hf = services.find((s: any) => s.name === 'hf-service');
        assert.equal(plugins.filter((p) => p.service?.id === hf.id).length, 1);
        await tf.assertEmptyPlan(`with ${status}s`);

        tf.work.write('main.tf', MANY_TF.replaceAll('name = "model-', 'name = "model-v2-'));
        const updated = await tf.ok(APPLY);
        assert.match(updated, new RegExp(`Resources: 0 added, ${EXTRA} changed, 0 destroyed\\.`));
        await tf.assertEmptyPlan(`after an update with ${status}s`);
        await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
        assert.deepEqual(await mock.controlPlanes(), []);
      } finally {
        await mock.stop();
      }
    });
  }

  test('a wrong token: "Konnect rejected the token", naming where it came from, never the token', async () => {
    const mock = await startMock(secret('kpat_flt'));
    try {
      const wrong = secret('kpat_wrong');
      const tf = workdir(mock, wrong);
      await tf.ok(['init', '-input=false', '-no-color']);
      const r = await tf.run(APPLY);
      assert.equal(r.code, 1);
      assert.match(r.out, /Konnect rejected the token \(.*KONNECT_TOKEN.*\)/);
      assert.ok(!r.out.includes(wrong), 'the token is not echoed');
      assert.deepEqual(await mock.controlPlanes(), []);
    } finally {
      await mock.stop();
    }
  });

  test('a value Konnect rejects (400): the error points at the attribute in main.tf', async () => {
    const mock = await startMock(secret('kpat_flt'));
    try {
      const tf = workdir(mock);
      // (Enums, ranges and cross-field rules fail at validate; Kong's integer rule is Konnect's to check.)
      tf.work.write('main.tf', MAIN_TF.replace('llm_format = "huggingface"', 'llm_format = "huggingface"\n    max_request_body_size = 1.5'));
      await tf.ok(['init', '-input=false', '-no-color']);
      const r = await tf.run(APPLY);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /Error: Konnect rejected a value \(create konnect_gateway_plugin_ai_proxy\)/);
      // Terraform quotes the configuration line of the attribute the diagnostic names.
      assert.match(r.out, /max_request_body_size = 1\.5/);
      assert.match(r.out, /config\.max_request_body_size: expected an integer/);
      assert.equal((r.out.match(/Error: Konnect rejected a value/g) ?? []).length, 1, 'reported once');
      assert.deepEqual(await mock.plugins(), []);
    } finally {
      await mock.stop();
    }
  });

  test('Konnect stopped: the error names the URL; once it is back the next apply converges', async () => {
    const token = secret('kpat_flt');
    const data = tempDir('mock-konnect-data-');
    cleanup.push(data.remove);
    let mock = await startMock(token, ['--data', data.path]);
    const tf = workdir(mock);
    await tf.ok(['init', '-input=false', '-no-color']);
    await tf.ok(APPLY);
    const [pluginBefore] = await mock.plugins();
    await mock.stop();

    tf.work.write('main.tf', MAIN_TF.replace('name = "HuggingFaceTB/SmolVLM-Base"', 'name = "HuggingFaceTB/SmolLM2-1.7B-Instruct"'));
    // Retried for the whole budget (3 s here, 60 s by default), then the error says so.
    const down = await tf.run(APPLY, { KONNECT_RETRY_BUDGET: '3s' });
    assert.equal(down.code, 1, down.out);
    assert.match(down.out, /Konnect is unreachable/);
    assert.match(down.out.replace(/\s+/g, ' '), /retry budget 3\.0 s\)\. Check server_url .* set KONNECT_RETRY_BUDGET/);
    assert.ok(down.out.includes(new URL(mock.url).host), `the error names ${mock.url}`);

    mock = await startMock(token, ['--data', data.path], new URL(mock.url).host);
    try {
      const out = await tf.ok(APPLY);
      assert.match(out, /Resources: 0 added, 1 changed, 0 destroyed\./);
      const plugins = await mock.plugins();
      assert.deepEqual(plugins.map((p) => [p.id, p.config.model.name]), [[pluginBefore.id, 'HuggingFaceTB/SmolLM2-1.7B-Instruct']]);
      await tf.assertEmptyPlan('after Konnect came back');
      await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    } finally {
      await mock.stop();
    }
  });
});
