// The matrix's Terraform column: every scope's examples/terraform/<scope>/main.tf (the seed's
// configuration made runnable; upstream_url added) as a module of one root, applied once by the
// real CLI with our provider against the mock Konnect. Returns each scope's control plane name.
import assert from 'node:assert/strict';
import { addUpstreamUrl, exampleControlPlane, readExample, TF_SCOPES, type TfScope } from '../../scripts/demo/index.js';
import { installProvider, terraformWorkdir, type Workdir } from '../../src/testing/index.js';

export async function applyTerraformColumn(o: { mirrorDir: string; konnectUrl: string; konnectToken: string; hfToken: string; tgiUrl: string }): Promise<{ controlPlanes: Record<TfScope, string>; work: Workdir; output: string }> {
  const cliConfig = await installProvider(o.mirrorDir);
  const files: Record<string, string> = {};
  const controlPlanes = {} as Record<TfScope, string>;
  const modules: string[] = [];
  for (const scope of TF_SCOPES) {
    const hcl = addUpstreamUrl(readExample(scope), o.tgiUrl);
    files[`${scope}/main.tf`] = hcl;
    controlPlanes[scope] = exampleControlPlane(hcl);
    modules.push(`module "${scope}" {
  source             = "./${scope}"
  konnect_server_url = ${JSON.stringify(o.konnectUrl)}
  huggingface_token  = var.huggingface_token
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
