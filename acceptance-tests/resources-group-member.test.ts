// Acceptance: konnect_gateway_consumer_group_member with the real terraform CLI, our provider from
// a filesystem mirror and a fresh bin/mock-konnect (port 0, killed by PID), configured as
// examples/resources/<type>/resource.tf (control plane, consumer, group, member): apply → empty
// plan → membership removed behind Terraform's back → plan re-creates it → consumer deleted
// behind its back → plan re-creates both → `terraform import` (CLI) and `import {}` with the
// documented JSON id → empty plan → a malformed id shows the format → destroy leaves the mock empty.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installProvider, killStartedProcesses, REPO_ROOT, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { secret, startMock, Tf, type Mock } from './seed-terraform.harness.js';

const skip = terraformSkipReason();

const TYPES = ['control_plane', 'consumer', 'consumer_group', 'consumer_group_member'] as const;
const example = (t: string, file: string) => readFileSync(join(REPO_ROOT, 'examples', 'resources', `konnect_gateway_${t}`, file), 'utf8');
const MEMBER = 'konnect_gateway_consumer_group_member.my_konnect_gateway_consumer_group_member';

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

describe('konnect_gateway_consumer_group_member with the real terraform CLI against bin/mock-konnect', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let mock: Mock;
  let tf: Tf;

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    const cliConfig = await installProvider(mirror.path);
    const token = secret('kpat_');
    mock = await startMock(token);
    tf = new Tf(cliConfig, { 'main.tf': PROVIDER + TYPES.map((t) => example(t, 'resource.tf')).join('\n') }, { KONNECT_TOKEN: token, TF_VAR_konnect_server_url: mock.url });
  });
  after(async () => {
    await mock?.stop();
    await killStartedProcesses();
    tf?.remove();
    mirror?.remove();
  });

  /** control_plane_id, consumer_group_id, consumer_id of the member in state. */
  const member = () => {
    const r = (tf.state().resources as any[]).find((x) => x.type === 'konnect_gateway_consumer_group_member');
    return r.instances[0].attributes as { control_plane_id: string; consumer_group_id: string; consumer_id: string };
  };
  const groupPath = () => `/v2/control-planes/${member().control_plane_id}/core-entities/consumer_groups/${member().consumer_group_id}`;
  const memberIds = async () => ((await mock.api('GET', `${groupPath()}/consumers`)).body.data as { id: string }[]).map((c) => c.id);
  const importId = () => JSON.stringify({ consumer_group_id: member().consumer_group_id, consumer_id: member().consumer_id, control_plane_id: member().control_plane_id });

  test('apply creates the membership in Konnect; the plan after it is empty', async () => {
    await tf.ok(['init', '-input=false', '-no-color']);
    const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, /Apply complete! Resources: 4 added, 0 changed, 0 destroyed\./);
    assert.deepEqual(await memberIds(), [member().consumer_id]);
    await tf.assertEmptyPlan('after the first apply');
  });

  test('drift: the membership removed behind Terraform\'s back is planned for re-creation (the official provider never notices)', async () => {
    const m = member();
    assert.equal((await mock.api('DELETE', `${groupPath()}/consumers/${m.consumer_id}`)).status, 204);
    const plan = await tf.planExit();
    assert.equal(plan.code, 2, plan.out);
    assert.match(plan.out, /konnect_gateway_consumer_group_member\.my_konnect_gateway_consumer_group_member will be created/);
    assert.match(plan.out, /Plan: 1 to add, 0 to change, 0 to destroy\./);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.deepEqual(await memberIds(), [m.consumer_id]);
    await tf.assertEmptyPlan('after re-creating the membership');
  });

  test('the consumer deleted behind Terraform\'s back: consumer and membership are re-created', async () => {
    const m = member();
    assert.equal((await mock.api('DELETE', `/v2/control-planes/${m.control_plane_id}/core-entities/consumers/${m.consumer_id}`)).status, 204);
    const plan = await tf.planExit();
    assert.equal(plan.code, 2, plan.out);
    assert.match(plan.out, /Plan: 2 to add, 0 to change, 0 to destroy\./);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.notEqual(member().consumer_id, m.consumer_id, 'a new consumer');
    assert.deepEqual(await memberIds(), [member().consumer_id]);
    await tf.assertEmptyPlan('after re-creation');
  });

  test('terraform import (CLI) with the JSON id, then an empty plan; a malformed id shows the format', async () => {
    const id = importId();
    await tf.ok(['state', 'rm', MEMBER]);
    const out = await tf.ok(['import', '-input=false', '-no-color', MEMBER, id]);
    assert.match(out, /Import successful!/);
    await tf.assertEmptyPlan('after terraform import');

    await tf.ok(['state', 'rm', MEMBER]);
    const bad = await tf.run(['import', '-input=false', '-no-color', MEMBER, JSON.stringify({ consumer_group_id: 'gold', control_plane_id: 'x' })]);
    assert.notEqual(bad.code, 0);
    const text = bad.out.replace(/\s+/g, ' ');
    assert.match(text, /Invalid ID/);
    assert.match(text, /The field consumer_id is required but was not found/);
    assert.match(text, /'\{"consumer_group_id": "5ae2a8a4-9a0c-4b0e-8a34-6f4e1c2d3b7a", "consumer_id": "cf4c7e60-11db-49dd-b300-7c7e5f0f7e6b", "control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458"\}'/);
    // A pair that is not a membership: Terraform's "non-existent remote object".
    const alone = JSON.stringify({ ...JSON.parse(id), consumer_id: '0b3a5c1e-1111-4222-8333-944455556666' });
    const none = await tf.run(['import', '-input=false', '-no-color', MEMBER, alone]);
    assert.notEqual(none.code, 0);
    assert.match(none.out, /Cannot import non-existent remote object/);
    await tf.ok(['import', '-input=false', '-no-color', MEMBER, id]);
  });

  test('an import {} block with id = jsonencode({...}), then an empty plan', async () => {
    const m = member();
    await tf.ok(['state', 'rm', MEMBER]);
    tf.work.write(
      'imports.tf',
      `import {\n  to = ${MEMBER}\n  id = jsonencode({ consumer_group_id = "${m.consumer_group_id}", consumer_id = "${m.consumer_id}", control_plane_id = "${m.control_plane_id}" })\n}\n`,
    );
    const plan = await tf.run(['plan', '-no-color', '-input=false']);
    assert.equal(plan.code, 0, plan.out);
    assert.match(plan.out, /Plan: 1 to import, 0 to add, 0 to change, 0 to destroy\./);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    tf.work.write('imports.tf', '');
    await tf.assertEmptyPlan('after the import block');
  });

  test('destroy removes the membership first and leaves the mock empty', async () => {
    const out = await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, /Destroy complete! Resources: 4 destroyed\./);
    assert.deepEqual(await mock.controlPlanes(), []);
  });
});
