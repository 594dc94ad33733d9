// Acceptance: the real terraform CLI, our provider from a filesystem mirror, and a fresh
// bin/mock-konnect (port 0, killed by PID) — the generated resources konnect_gateway_key_auth,
// konnect_gateway_plugin_key_auth, _ai_proxy_advanced, _ai_rate_limiting_advanced,
// _ai_prompt_guard, _ai_prompt_decorator and _prometheus, next to the core entities they point
// at: apply (TF_LOG=trace: no secret in the output, none in the state with `_wo`) → empty plan →
// in-place updates (the credential is replaced, as the official provider does) → drift →
// deleted behind Terraform's back → `terraform import` (CLI) and `import {}` blocks with the
// official ids → empty plan → destroy leaves the mock empty.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installProvider, killStartedProcesses, REPO_ROOT, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { secret, startMock, stateResources, Tf, type Mock } from './seed-terraform.harness.js';

const skip = terraformSkipReason();

const NEW = [
  'konnect_gateway_key_auth.alice_key',
  'konnect_gateway_plugin_key_auth.key_auth',
  'konnect_gateway_plugin_ai_proxy_advanced.balanced',
  'konnect_gateway_plugin_ai_rate_limiting_advanced.tokens',
  'konnect_gateway_plugin_ai_prompt_guard.guard',
  'konnect_gateway_plugin_ai_prompt_decorator.decorator',
  'konnect_gateway_plugin_prometheus.metrics',
] as const;
/** The three with a write-only secret: the first apply after an import stores its version. */
const WITH_WO = ['konnect_gateway_key_auth.alice_key', 'konnect_gateway_plugin_ai_proxy_advanced.balanced', 'konnect_gateway_plugin_ai_rate_limiting_advanced.tokens'];

const CONFIG = `terraform {
  required_providers {
    konnect = { source = "kong/konnect" }
  }
}
variable "konnect_server_url" { type = string }
variable "api_key" {
  type      = string
  sensitive = true
}
variable "hf_token" {
  type      = string
  sensitive = true
}
variable "redis_password" {
  type      = string
  sensitive = true
}
provider "konnect" {
  server_url = var.konnect_server_url
}

resource "konnect_gateway_control_plane" "cp" {
  name = "plugins-acceptance"
}
locals {
  cp = konnect_gateway_control_plane.cp.id
}
resource "konnect_gateway_service" "svc" {
  control_plane_id = local.cp
  name             = "hf"
  host             = "example.com"
}
resource "konnect_gateway_route" "generate" {
  control_plane_id = local.cp
  name             = "generate"
  paths            = ["/generate"]
  service          = { id = konnect_gateway_service.svc.id }
}
resource "konnect_gateway_consumer" "alice" {
  control_plane_id = local.cp
  username         = "alice"
}

resource "konnect_gateway_key_auth" "alice_key" {
  control_plane_id = local.cp
  consumer_id      = konnect_gateway_consumer.alice.id
  key_wo           = var.api_key
  key_wo_version   = 1
  tags             = ["a"]
}
resource "konnect_gateway_plugin_key_auth" "key_auth" {
  control_plane_id = local.cp
  route            = { id = konnect_gateway_route.generate.id }
  config = {
    key_names = ["apikey"]
  }
}
resource "konnect_gateway_plugin_ai_proxy_advanced" "balanced" {
  control_plane_id = local.cp
  service          = { id = konnect_gateway_service.svc.id }
  config = {
    targets = [
      {
        route_type = "llm/v1/chat"
        auth = {
          header_name             = "Authorization"
          header_value_wo         = "Bearer \${var.hf_token}"
          header_value_wo_version = 1
        }
        model = {
          provider = "huggingface"
          name     = "HuggingFaceTB/SmolVLM-Base"
        }
      },
    ]
  }
}
resource "konnect_gateway_plugin_ai_rate_limiting_advanced" "tokens" {
  control_plane_id = local.cp
  route            = { id = konnect_gateway_route.generate.id }
  config = {
    strategy = "redis"
    redis = {
      host                = "redis.internal"
      password_wo         = var.redis_password
      password_wo_version = 1
    }
    llm_providers = [
      {
        name        = "huggingface"
        limit       = [100]
        window_size = [60]
      },
    ]
  }
}
resource "konnect_gateway_plugin_ai_prompt_guard" "guard" {
  control_plane_id = local.cp
  route            = { id = konnect_gateway_route.generate.id }
  config = {
    deny_patterns = [".*password.*"]
  }
}
resource "konnect_gateway_plugin_ai_prompt_decorator" "decorator" {
  control_plane_id = local.cp
  route            = { id = konnect_gateway_route.generate.id }
  config = {
    prompts = {
      prepend = [
        {
          role    = "system"
          content = "Be brief."
        },
      ]
    }
  }
}
resource "konnect_gateway_plugin_prometheus" "metrics" {
  control_plane_id = local.cp
  config = {
    per_consumer = true
  }
}
`;

/** One change per new resource: six in-place plugin updates, one credential replacement. */
const CHANGES: [string, string][] = [
  ['  tags             = ["a"]', '  tags             = ["a", "b"]'],
  ['    key_names = ["apikey"]', '    key_names = ["apikey", "x-api-key"]'],
  ['          name     = "HuggingFaceTB/SmolVLM-Base"', '          name     = "HuggingFaceTB/SmolLM2-135M-Instruct"'],
  ['        limit       = [100]', '        limit       = [200]'],
  ['    deny_patterns = [".*password.*"]', '    deny_patterns = [".*password.*", ".*secret.*"]'],
  ['          content = "Be brief."', '          content = "Be very brief."'],
  ['    per_consumer = true\n', '    per_consumer = true\n    ai_metrics   = true\n'],
];

describe('the generated resources (key-auth credential and six plugins) with the real terraform CLI against bin/mock-konnect', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let mock: Mock;
  let tf: Tf;
  let token: string;
  let config = CONFIG;
  const secrets = { api_key: secret('key_'), hf_token: secret('hf_'), redis_password: secret('redis_') };
  const ids = new Map<string, { id: string; cp: string; consumer?: string }>();

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    const cliConfig = await installProvider(mirror.path);
    token = secret('kpat_');
    mock = await startMock(token);
    tf = new Tf(cliConfig, { 'main.tf': config }, {
      KONNECT_TOKEN: token,
      TF_VAR_konnect_server_url: mock.url,
      TF_VAR_api_key: secrets.api_key,
      TF_VAR_hf_token: secrets.hf_token,
      TF_VAR_redis_password: secrets.redis_password,
    });
  });
  after(async () => {
    await mock?.stop();
    await killStartedProcesses();
    tf?.remove();
    mirror?.remove();
  });

  const remember = () => {
    const state = tf.state();
    for (const r of stateResources(state)) ids.set(r.address, { id: r.id, cp: r.cp ?? '' });
    const cred = (state.resources as any[]).find((r) => r.type === 'konnect_gateway_key_auth');
    if (cred) ids.set('konnect_gateway_key_auth.alice_key', { ...ids.get('konnect_gateway_key_auth.alice_key')!, consumer: cred.instances[0].attributes.consumer_id });
  };
  const path = (address: string) => {
    const e = ids.get(address)!;
    const ce = `/v2/control-planes/${e.cp}/core-entities`;
    return address.startsWith('konnect_gateway_key_auth.') ? `${ce}/consumers/${e.consumer}/key-auth/${e.id}` : `${ce}/plugins/${e.id}`;
  };
  const importId = (address: string) => {
    const e = ids.get(address)!;
    return address.startsWith('konnect_gateway_key_auth.')
      ? JSON.stringify({ consumer_id: e.consumer, control_plane_id: e.cp, id: e.id })
      : JSON.stringify({ control_plane_id: e.cp, id: e.id });
  };
  const noSecretsIn = (text: string, where: string) => {
    for (const [name, value] of Object.entries(secrets)) assert.ok(!text.includes(value), `${name} appears in ${where}`);
    assert.ok(!text.includes(token), `the Konnect token appears in ${where}`);
  };
  const stateText = () => readFileSync(join(tf.work.dir, 'terraform.tfstate'), 'utf8');

  test('apply creates them (TF_LOG=trace shows no secret); secrets reach Konnect, not the state; the plan after it is empty', async () => {
    await tf.ok(['init', '-input=false', '-no-color']);
    const out = await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color'], { TF_LOG: 'trace' });
    assert.match(out, /Apply complete! Resources: 11 added, 0 changed, 0 destroyed\./);
    assert.match(out, /konnect POST \/v2\/control-planes\/[0-9a-f-]+\/core-entities\/consumers\/[0-9a-f-]+\/key-auth → 201/);
    noSecretsIn(out, 'the TF_LOG=trace output');
    remember();
    noSecretsIn(stateText(), 'terraform.tfstate');
    assert.equal((await mock.api('GET', path(NEW[0]))).body.key, secrets.api_key, 'the credential has the write-only key');
    const balanced = (await mock.api('GET', path(NEW[2]))).body;
    assert.equal(balanced.name, 'ai-proxy-advanced');
    assert.equal(balanced.config.targets[0].auth.header_value, `Bearer ${secrets.hf_token}`);
    const tokens = (await mock.api('GET', path(NEW[3]))).body;
    assert.equal(tokens.config.redis.password, secrets.redis_password);
    assert.equal(tokens.config.redis.port, 6379, 'the redis port string "6379" is sent as a number, as the official provider does');
    for (const a of NEW) assert.equal((await mock.api('GET', path(a))).status, 200, `${a} exists in the mock`);
    await tf.assertEmptyPlan('after the first apply');
  });

  test('one change each: six plugins updated in place, the credential replaced (it has no update); then an empty plan', async () => {
    for (const [from, to] of CHANGES) {
      assert.ok(config.includes(from), `the configuration has ${from}`);
      config = config.replace(from, to);
    }
    tf.work.write('main.tf', config);
    const plan = await tf.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    assert.equal(plan.code, 2, plan.out);
    assert.match(plan.out, /Plan: 1 to add, 6 to change, 1 to destroy\./);
    assert.match(plan.out, /konnect_gateway_key_auth\.alice_key must be replaced/);
    const before = new Map(ids);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    remember();
    for (const a of NEW.slice(1)) assert.equal(ids.get(a)!.id, before.get(a)!.id, `${a} updated in place`);
    assert.notEqual(ids.get(NEW[0])!.id, before.get(NEW[0])!.id, 'the credential was re-created');
    assert.deepEqual((await mock.api('GET', path(NEW[0]))).body.tags, ['a', 'b']);
    assert.deepEqual((await mock.api('GET', path(NEW[1]))).body.config.key_names, ['apikey', 'x-api-key']);
    assert.equal((await mock.api('GET', path(NEW[2]))).body.config.targets[0].model.name, 'HuggingFaceTB/SmolLM2-135M-Instruct');
    assert.deepEqual((await mock.api('GET', path(NEW[3]))).body.config.llm_providers[0].limit, [200]);
    assert.equal((await mock.api('GET', path(NEW[6]))).body.config.ai_metrics, true);
    noSecretsIn(stateText(), 'terraform.tfstate');
    await tf.assertEmptyPlan('after the update');
  });

  test('a change behind Terraform\'s back is planned back', async () => {
    const p = path(NEW[6]);
    const stored = (await mock.api('GET', p)).body;
    assert.equal((await mock.api('PUT', p, { ...stored, config: { ...stored.config, per_consumer: false } })).status, 200);
    const plan = await tf.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    assert.equal(plan.code, 2, plan.out);
    assert.match(plan.out, /Plan: 0 to add, 1 to change, 0 to destroy\./);
    assert.match(plan.out, /per_consumer\s+= false -> true/);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.equal((await mock.api('GET', p)).body.config.per_consumer, true);
    await tf.assertEmptyPlan('after fixing the drift');
  });

  test('deleted behind Terraform\'s back: planned for re-creation', async () => {
    for (const a of NEW) assert.equal((await mock.api('DELETE', path(a))).status, 204, a);
    const plan = await tf.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    assert.equal(plan.code, 2, plan.out);
    assert.match(plan.out, /Plan: 7 to add, 0 to change, 0 to destroy\./);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    remember();
    await tf.assertEmptyPlan('after re-creation');
  });

  test('terraform import (CLI) with the official ids; the first apply stores the write-only versions, in place; then an empty plan', async () => {
    await tf.ok(['state', 'rm', ...NEW]);
    for (const a of NEW) assert.match(await tf.ok(['import', '-input=false', '-no-color', a, importId(a)]), /Import successful!/, a);
    const plan = await tf.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    assert.match(plan.out, /Plan: 0 to add, 3 to change, 0 to destroy\./);
    assert.doesNotMatch(plan.out, /must be replaced/);
    for (const a of WITH_WO) assert.match(plan.out, new RegExp(`# ${a.replace('.', '\\.')} will be updated in-place`));
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    noSecretsIn(stateText(), 'terraform.tfstate after import and apply');
    await tf.assertEmptyPlan('after terraform import');
  });

  test('import {} blocks with the official ids; a wrong id gets the expected format', async () => {
    await tf.ok(['state', 'rm', ...NEW]);
    tf.work.write('imports.tf', NEW.map((a) => `import {\n  to = ${a}\n  id = ${JSON.stringify(importId(a))}\n}\n`).join('\n'));
    const plan = await tf.run(['plan', '-no-color', '-input=false']);
    assert.equal(plan.code, 0, plan.out);
    assert.match(plan.out, /Plan: 7 to import, 0 to add, 3 to change, 0 to destroy\./);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    tf.work.write('imports.tf', '');
    await tf.assertEmptyPlan('after import blocks');

    await tf.ok(['state', 'rm', NEW[0]]);
    const e = ids.get(NEW[0])!;
    const bad = await tf.run(['import', '-input=false', '-no-color', NEW[0], JSON.stringify({ control_plane_id: e.cp, id: e.id })]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.out, /Missing required field/);
    assert.match(bad.out.replace(/\s+/g, ' '), /The field consumer_id is required/);
    assert.match(bad.out.replace(/\s+/g, ' '), /'\{"consumer_id": "<consumer_id>", "control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "<id>"\}'/);
    await tf.ok(['import', '-input=false', '-no-color', NEW[0], importId(NEW[0])]);
    await tf.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    await tf.assertEmptyPlan('after the credential\'s import');
  });

  test('the docs examples (examples/resources/<type>/resource.tf) of the seven pass terraform validate', async () => {
    const types = [...new Set(NEW.map((a) => a.split('.')[0]!))];
    const files: Record<string, string> = {
      'provider.tf': 'terraform {\n  required_providers {\n    konnect = { source = "kong/konnect" }\n  }\n}\n',
    };
    for (const t of types) files[`${t}.tf`] = readFileSync(join(REPO_ROOT, 'examples', 'resources', t, 'resource.tf'), 'utf8');
    const v = new Tf(tf.cliConfig, files, {});
    try {
      await v.ok(['init', '-input=false', '-no-color']);
      assert.match(await v.ok(['validate', '-no-color']), /The configuration is valid\./);
    } finally {
      v.remove();
    }
  });

  test('destroy leaves the mock empty', async () => {
    const out = await tf.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    assert.match(out, /Destroy complete! Resources: 11 destroyed\./);
    assert.deepEqual(await mock.controlPlanes(), []);
  });
});
