// The matrix's Terraform column: every scope's examples/terraform/<scope> directory (the seed's
// main.tf made runnable, with upstream_url added, and gateway.tf, which makes it carry traffic) as
// a module of one root, applied once by the real CLI with our provider against the mock Konnect.
// The matrix sends every request as consumer alice (key alice-key, member of a consumer group):
// what a scope's example does not have of that is added to its module as one more Terraform file
// (matrix-environment.tf), so the column makes no call to Konnect's API outside Terraform.
// Returns each scope's control plane name.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addUpstreamUrl, exampleControlPlane, TF_SCOPES, type TfScope } from '../../scripts/demo/index.js';
import { installProvider, REPO_ROOT, terraformWorkdir, type Workdir } from '../../src/testing/index.js';

/** alice's API key in every system of the matrix. */
export const ALICE_KEY = 'alice-key';

const CP = 'konnect_gateway_control_plane.my_konnect_cp.id';
const KEY_AUTH = `resource "konnect_gateway_plugin_key_auth" "matrix_key_auth" {
  control_plane_id = ${CP}
  route = { id = konnect_gateway_route.my_route.id }
  config = { key_names = ["apikey"] }
}
`;
const ALICE = `resource "konnect_gateway_consumer" "my_consumer" {
  username         = "alice"
  control_plane_id = ${CP}
}
resource "konnect_gateway_key_auth" "matrix_key" {
  control_plane_id = ${CP}
  consumer_id      = konnect_gateway_consumer.my_consumer.id
  key_wo           = "${ALICE_KEY}"
  key_wo_version   = 1
}
`;
const GROUP = `resource "konnect_gateway_consumer_group" "matrix_group" {
  name             = "gold"
  control_plane_id = ${CP}
}
resource "konnect_gateway_consumer_group_member" "matrix_member" {
  control_plane_id  = ${CP}
  consumer_group_id = konnect_gateway_consumer_group.matrix_group.id
  consumer_id       = konnect_gateway_consumer.my_consumer.id
}
`;

/** What each scope's example lacks of the matrix's environment (it has a route at /hf in every scope). */
const ENVIRONMENT: Record<TfScope, string> = {
  global: KEY_AUTH + ALICE + GROUP,
  service: KEY_AUTH + ALICE + GROUP,
  route: KEY_AUTH + ALICE + GROUP,
  consumer: GROUP,
  consumer_group: '',
};

/** The example's .tf files (main.tf with upstream_url) and, unless left out, the scope's matrix environment. */
export function scopeModule(scope: TfScope, tgiUrl: string, opts: { readonly environment?: boolean } = {}): Record<string, string> {
  const dir = join(REPO_ROOT, 'examples', 'terraform', scope);
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.tf'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    files[f] = f === 'main.tf' ? addUpstreamUrl(text, tgiUrl) : text;
  }
  if (opts.environment !== false && ENVIRONMENT[scope]) files['matrix-environment.tf'] = ENVIRONMENT[scope];
  return files;
}

/** Whether the scope's example declares `variable "consumer_api_key"` (its own credential for alice). */
const takesApiKey = (files: Record<string, string>) => Object.values(files).some((t) => t.includes('variable "consumer_api_key"'));

export async function applyTerraformColumn(o: { mirrorDir: string; konnectUrl: string; konnectToken: string; hfToken: string; tgiUrl: string }): Promise<{ controlPlanes: Record<TfScope, string>; work: Workdir; output: string }> {
  const cliConfig = await installProvider(o.mirrorDir);
  const files: Record<string, string> = {};
  const controlPlanes = {} as Record<TfScope, string>;
  const modules: string[] = [];
  for (const scope of TF_SCOPES) {
    const module = scopeModule(scope, o.tgiUrl);
    for (const [name, text] of Object.entries(module)) files[`${scope}/${name}`] = text;
    controlPlanes[scope] = exampleControlPlane(module['main.tf']!);
    modules.push(`module "${scope}" {
  source             = "./${scope}"
  konnect_server_url = ${JSON.stringify(o.konnectUrl)}
  huggingface_token  = var.huggingface_token${takesApiKey(module) ? `\n  consumer_api_key   = ${JSON.stringify(ALICE_KEY)}` : ''}
}`);
  }
  files['main.tf'] = `terraform {
  required_providers {
    konnect = { source = "kong/konnect" }
  }
}

variable "huggingface_token" {
  type      = string
  sensitive = true
}

${modules.join('\n\n')}
`;
  const work = terraformWorkdir(cliConfig, files);
  const env = { KONNECT_TOKEN: o.konnectToken, TF_VAR_huggingface_token: o.hfToken };
  const init = await work.terraform(['init', '-input=false', '-no-color'], { env });
  assert.equal(init.code, 0, `terraform init:\n${init.stdout}\n${init.stderr}`);
  const apply = await work.terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { env, timeoutMs: 180_000 });
  assert.equal(apply.code, 0, `terraform apply:\n${apply.stdout}\n${apply.stderr}`);
  return { controlPlanes, work, output: apply.stdout + apply.stderr };
}
