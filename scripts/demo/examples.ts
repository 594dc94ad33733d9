// The Terraform the demo and the acceptance matrix apply: examples/terraform/<scope>/main.tf,
// the seed's configuration at each scope made runnable (see the header of each file: the seed's
// resource block with header_value fixed to "Bearer ${var.huggingface_token}", plus the objects it
// references, the token from KONNECT_TOKEN). The only additions made here are the two that point
// it at local servers: the konnect_server_url default (the mock Konnect) and
// config.model.options.upstream_url (the local TGI instead of Hugging Face).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export const TF_SCOPES = ['global', 'service', 'route', 'consumer', 'consumer_group'] as const;
export type TfScope = (typeof TF_SCOPES)[number];

export const exampleFile = (scope: TfScope): string => join(REPO_ROOT, 'examples', 'terraform', scope, 'main.tf');

export function readExample(scope: TfScope): string {
  return readFileSync(exampleFile(scope), 'utf8');
}

/** Adds `options = { upstream_url = … }` to the ai-proxy's model block. Throws if the block moved. */
export function addUpstreamUrl(hcl: string, upstreamUrl: string): string {
  const out = hcl.replace(
    /(\n( +)model = \{\n(?:\2 {2}[^\n]*\n)*?)(\2\})/,
    (_all, body: string, indent: string, close: string) => `${body}${indent}  options = {\n${indent}    upstream_url = ${JSON.stringify(upstreamUrl)}\n${indent}  }\n${close}`,
  );
  if (out === hcl) throw new Error('the Terraform example has no `model = { … }` block to add upstream_url to');
  return out;
}

/** Points the konnect_server_url variable's default at `serverUrl`. Throws if there is none. */
export function setServerUrl(hcl: string, serverUrl: string): string {
  const out = hcl.replace(/(variable "konnect_server_url" \{[^}]*?default\s*=\s*)"[^"]*"/, `$1${JSON.stringify(serverUrl)}`);
  if (out === hcl) throw new Error('the Terraform example has no variable "konnect_server_url" with a default');
  return out;
}

/** examples/terraform/<scope>/main.tf pointed at the mock Konnect and the local TGI. */
export function demoConfiguration(scope: TfScope, serverUrl: string, upstreamUrl: string): string {
  return setServerUrl(addUpstreamUrl(readExample(scope), upstreamUrl), serverUrl);
}

/** The control plane each example creates (its `name`), e.g. hf-route. */
export function exampleControlPlane(hcl: string): string {
  const block = /resource "konnect_gateway_control_plane" "[^"]+" \{\n([\s\S]*?)\n\}/.exec(hcl)?.[1] ?? '';
  const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
  if (!name) throw new Error('the Terraform example declares no konnect_gateway_control_plane with a name');
  return name;
}
