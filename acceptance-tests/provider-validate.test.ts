// Acceptance: what the real terraform CLI says before anything reaches Konnect.
//  - A typo in an enum (`route_type = "llm/v1/chatt"`) fails `terraform validate`, naming
//    config.route_type; a cross-field rule fails it too; unknown values at plan time pass.
//  - No token anywhere: plan and apply say so (and how to set one) without a single request to
//    Konnect — a stand-in server counts every request it gets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installProvider, killStartedProcesses, tempDir, terraformSkipReason, terraformWorkdir, type Workdir } from '../src/testing/index.js';

const skip = terraformSkipReason();
// Any attempt to reach a registry fails fast through this proxy (init is offline).
const OFFLINE = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' };
const NO_TOKEN = { KONNECT_TOKEN: undefined, KONNECT_SPAT: undefined };
/** Terraform wraps diagnostic text at 78 columns: compare with whitespace squashed. */
const squash = (s: string) => s.replace(/\s+/g, ' ');

const providerBlock = (serverUrl = 'http://127.0.0.1:9') => `terraform {
  required_providers {
    konnect = {
      source = "kong/konnect"
    }
  }
}

provider "konnect" {
  server_url = "${serverUrl}"
}
`;

const plugin = (config: string) => `
resource "konnect_gateway_plugin_ai_proxy" "my_ai_proxy" {
  enabled = true
  config = {
${config}
    auth = {
      header_name  = "Authorization"
      header_value = "Bearer \${var.huggingface_token}"
    }
  }
  control_plane_id = var.cp
}

variable "huggingface_token" {
  type      = string
  sensitive = true
  default   = "hf_placeholder"
}

variable "cp" {
  type    = string
  default = "9524ec7d-36d9-465d-a8c5-83a3c9390458"
}
`;

const seedConfig = `    route_type     = "llm/v1/chat"
    genai_category = "text/generation"
    llm_format     = "huggingface"
    model = {
      provider = "huggingface"
      name     = "HuggingFaceTB/SmolVLM-Base"
    }`;

describe('validation and a missing token, before any Konnect call', { skip }, () => {
  let mirror: { path: string; remove: () => void };
  let cliConfig: string;
  let konnect: Server;
  let konnectUrl: string;
  let requests: string[] = [];
  const workdirs: Workdir[] = [];

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    cliConfig = await installProvider(mirror.path);
    // A stand-in Konnect that records every request and answers 401, as Konnect does without a token.
    konnect = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"status":401,"title":"Unauthorized"}');
    });
    await new Promise<void>((resolve) => konnect.listen(0, '127.0.0.1', resolve));
    konnectUrl = `http://127.0.0.1:${(konnect.address() as AddressInfo).port}`;
  });
  after(async () => {
    await killStartedProcesses();
    await new Promise<void>((resolve) => konnect?.close(() => resolve()));
    for (const w of workdirs) w.remove();
    mirror?.remove();
  });

  async function init(mainTf: string): Promise<Workdir> {
    const work = terraformWorkdir(cliConfig, { 'main.tf': mainTf });
    workdirs.push(work);
    const r = await work.terraform(['init', '-input=false', '-no-color'], { env: OFFLINE });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    return work;
  }

  test('route_type = "llm/v1/chatt": terraform validate fails and names config.route_type', async () => {
    const work = await init(providerBlock() + plugin(seedConfig.replace('"llm/v1/chat"', '"llm/v1/chatt"')));
    const r = await work.terraform(['validate', '-no-color'], { env: OFFLINE });
    const out = squash(`${r.stdout}\n${r.stderr}`);
    assert.equal(r.code, 1, out);
    assert.match(out, /Error: Invalid Attribute Value/);
    assert.match(out, /config\.route_type must be one of (?:"[^"]+", )*"llm\/v1\/chat"/);
    assert.match(out, /Did you mean "llm\/v1\/chat"\?/);
    // Terraform points at the resource's config line in main.tf.
    assert.match(out, /with konnect_gateway_plugin_ai_proxy\.my_ai_proxy/);
  });

  test('a cross-field rule (native llm_format with another provider) fails validate at config.model.provider', async () => {
    const work = await init(providerBlock() + plugin(seedConfig.replace('provider = "huggingface"', 'provider = "openai"')));
    const r = await work.terraform(['validate', '-no-color'], { env: OFFLINE });
    const out = squash(`${r.stdout}\n${r.stderr}`);
    assert.equal(r.code, 1, out);
    assert.match(out, /config\.model\.provider: native llm_format 'huggingface' can only be used with the 'huggingface' model\.provider/);
  });

  test('the seed configuration validates; a route_type known only at apply is not refused', async () => {
    const work = await init(providerBlock() + plugin(seedConfig.replace('"llm/v1/chat"', 'var.route_type')) + '\nvariable "route_type" {\n  type = string\n}\n');
    const r = await work.terraform(['validate', '-no-color'], { env: OFFLINE });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Success! The configuration is valid\./);
  });

  for (const command of [['plan'], ['apply', '-auto-approve']]) {
    test(`no personal_access_token and no KONNECT_TOKEN: terraform ${command[0]} says so, and Konnect gets no request`, async () => {
      const main = `${providerBlock(konnectUrl)}
resource "konnect_gateway_control_plane" "cp" {
  name = "no-token"
}
`;
      const work = await init(main);
      requests = [];
      const r = await work.terraform([...command, '-input=false', '-no-color'], { env: { ...OFFLINE, ...NO_TOKEN } });
      const out = squash(`${r.stdout}\n${r.stderr}`);
      assert.equal(r.code, 1, out);
      assert.match(out, /Error: No Konnect token/);
      assert.match(out, /personal_access_token \(or KONNECT_TOKEN\)/);
      assert.match(out, /system_account_access_token \(or KONNECT_SPAT\)/);
      assert.match(out, /export KONNECT_TOKEN=/);
      assert.doesNotMatch(out, /rejected/i, 'no "token rejected" for a token that was never set');
      assert.deepEqual(requests, [], 'not one request reached Konnect');
    });
  }
});
