// Acceptance: the real terraform CLI, our provider from a filesystem mirror, and a fresh
// bin/mock-konnect (port 0, killed by PID) — konnect_gateway_control_plane, _service, _route,
// _consumer and _consumer_group, configured exactly as examples/resources/<type>/resource.tf:
// apply → empty plan → apply changes nothing → in-place update of one value each → `terraform
// import` (CLI) and `import {}` blocks → empty plan → objects deleted behind Terraform's back →
// plan re-creates them → destroy leaves the mock empty. Every command's output is checked for
// "Provider produced invalid plan" / "inconsistent result after apply" (Tf in the harness).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installProvider, killStartedProcesses, REPO_ROOT, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { secret, startMock, stateResources, Tf, type Mock } from './seed-terraform.harness.js';

const skip = terraformSkipReason();

const TYPES = ['control_plane', 'service', 'route', 'consumer', 'consumer_group'] as const;
const address = (t: string) => `konnect_gateway_${t}.my_konnect_gateway_${t}`;
const example = (t: string, file: string) => readFileSync(join(REPO_ROOT, 'examples', 'resources', `konnect_gateway_${t}`, file), 'utf8');

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

/** One changed value per resource (an in-place update for each). */
const CHANGES: [string, string][] = [
  ['description  = "This is a sample description"', 'description  = "A changed description"'],
  ['read_timeout     = 60000', 'read_timeout     = 120000'],
  ['strip_path       = true', 'strip_path       = false'],
  ['custom_id        = "alice-1"', 'custom_id        = "alice-2"'],
  ['tags             = ["tier"]', 'tags             = ["tier", "ai"]'],
];

describe('the five gateway resources with the real terraform CLI against bin/mock-konnect', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let mock: Mock;
  let tf: Tf;
  let token: string;
  let config = TYPES.map((t) => example(t, 'resource.tf')).join('\n');
  const ids = new Map<string, { id: string; cp?: string }>();

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    const cliConfig = await installProvider(mirror.path);
    token = secret('kpat_');
    mock = await startMock(token);
    tf = new Tf(cliConfig, { 'main.tf': PROVIDER + config }, { KONNECT_TOKEN: token, TF_VAR_konnect_server_url: mock.url });
  });
  after(async () => {
    await mock?.stop();
    await killStartedProcesses();
    tf?.remove();
    mirror?.remove();
  });

  const entity = (t: string) => {
    const e = ids.get(t)!;
    return t === 'control_plane' ? `/v2/control-planes/${e.id}` : `/v2/control-planes/${e.cp}/core-entities/${t === 'consumer_group' ? 'consumer_groups' : `${t}s`}/${e.id}`;
  };
  const remember = () => {
    for (const r of stateResources(tf.state())) ids.set(r.type.replace('konnect_gateway_', ''), { id: r.id, ...(r.cp ? { cp: r.cp } : {}) });
  };

  test('apply creates all five; the plan after it is empty; apply again changes nothing', async () => {
    await tf.ok(['init', '-input=false', '-no-color']);
    const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color'], { TF_LOG_PROVIDER: 'debug' });
    assert.match(out, /Apply complete! Resources: 5 added, 0 changed, 0 destroyed\./);
    // TF_LOG_PROVIDER=debug: every Konnect call with its status and time; never the token.
    assert.match(out, /konnect POST \/v2\/control-planes → 201 in [\d.]+ ms/);
    assert.match(out, /konnect POST \/v2\/control-planes\/[0-9a-f-]+\/core-entities\/routes → 201 in [\d.]+ ms/);
    assert.ok(!out.includes(token), 'the Konnect token appears nowhere in the debug output');
    remember();
    assert.equal(ids.size, 5);
    for (const t of TYPES) assert.equal((await mock.api('GET', entity(t))).status, 200, `${t} exists in the mock`);
    const route = (await mock.api('GET', entity('route'))).body;
    assert.equal(route.service.id, ids.get('service')!.id, 'the route points at the service');
    await tf.assertEmptyPlan('after the first apply');
    assert.match(await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']), /Resources: 0 added, 0 changed, 0 destroyed\./);
  });

  test('one changed value per resource: five in-place updates, no replacement, then an empty plan', async () => {
    for (const [from, to] of CHANGES) {
      assert.ok(config.includes(from), `the example still has ${from}`);
      config = config.replace(from, to);
    }
    tf.work.write('main.tf', PROVIDER + config);
    const plan = await tf.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    assert.equal(plan.code, 2, plan.out);
    assert.match(plan.out, /Plan: 0 to add, 5 to change, 0 to destroy\./);
    assert.doesNotMatch(plan.out, /must be replaced/);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.equal((await mock.api('GET', entity('control_plane'))).body.description, 'A changed description');
    assert.equal((await mock.api('GET', entity('service'))).body.read_timeout, 120000);
    assert.equal((await mock.api('GET', entity('route'))).body.strip_path, false);
    assert.equal((await mock.api('GET', entity('consumer'))).body.custom_id, 'alice-2');
    assert.deepEqual((await mock.api('GET', entity('consumer_group'))).body.consumer_group.tags, ['tier', 'ai']);
    const before = new Map(ids);
    remember();
    assert.deepEqual(ids, before, 'ids unchanged: nothing was re-created');
    await tf.assertEmptyPlan('after the update');
  });

  const importId = (t: string) => (t === 'control_plane' ? ids.get(t)!.id : JSON.stringify({ control_plane_id: ids.get(t)!.cp, id: ids.get(t)!.id }));

  test('terraform import (CLI) of each resource, then an empty plan', async () => {
    await tf.ok(['state', 'rm', ...TYPES.map(address)]);
    for (const t of TYPES) {
      const out = await tf.ok(['import', '-input=false', '-no-color', address(t), importId(t)]);
      assert.match(out, /Import successful!/);
    }
    await tf.assertEmptyPlan('after terraform import');
  });

  test('import {} blocks, then an empty plan; a wrong id gets the expected format', async () => {
    await tf.ok(['state', 'rm', ...TYPES.map(address)]);
    const blocks = TYPES.map((t) => `import {\n  to = ${address(t)}\n  id = ${JSON.stringify(importId(t))}\n}\n`).join('\n');
    tf.work.write('imports.tf', blocks);
    const plan = await tf.run(['plan', '-no-color', '-input=false']);
    assert.equal(plan.code, 0, plan.out);
    assert.match(plan.out, /Plan: 5 to import, 0 to add, 0 to change, 0 to destroy\./);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    tf.work.write('imports.tf', '');
    await tf.assertEmptyPlan('after import blocks');

    // The key older docs printed (issue #153): refused with the expected format; state untouched.
    await tf.ok(['state', 'rm', address('service')]);
    const bad = await tf.run(['import', '-input=false', '-no-color', address('service'), JSON.stringify({ control_plane_id: ids.get('service')!.cp, service_id: ids.get('service')!.id })]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.out, /Invalid ID/);
    const text = bad.out.replace(/\s+/g, ' '); // terraform wraps diagnostics
    assert.match(text, /older documentation used "service_id"/);
    assert.match(text, /'\{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "7fca84d6-7d37-4a74-a7b0-93e576089a41"\}'/);
    await tf.ok(['import', '-input=false', '-no-color', address('service'), importId('service')]);
  });

  test('objects deleted behind Terraform\'s back are planned for re-creation', async () => {
    for (const t of ['route', 'consumer', 'consumer_group']) assert.equal((await mock.api('DELETE', entity(t))).status, 204);
    const plan = await tf.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    assert.equal(plan.code, 2, plan.out);
    assert.match(plan.out, /Plan: 3 to add, 0 to change, 0 to destroy\./);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    remember();
    // The control plane (and with it everything in it) gone: all five are re-created.
    assert.equal((await mock.api('DELETE', entity('control_plane'))).status, 204);
    const all = await tf.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    assert.equal(all.code, 2, all.out);
    assert.match(all.out, /Plan: 5 to add, 0 to change, 0 to destroy\./);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    await tf.assertEmptyPlan('after re-creation');
  });

  test('destroy leaves the mock empty', async () => {
    const out = await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, /Destroy complete! Resources: 5 destroyed\./);
    assert.deepEqual(await mock.controlPlanes(), []);
  });
});
