// The seed's Terraform examples (examples/seed/native-huggingface-api-route.txt), one per scope,
// turned into a configuration that runs against the mock Konnect and the local TGI. What changes
// is printed by SEED_CHANGES and is only this:
//   - provider "konnect": server_url points at the mock; personal_access_token comes from the
//     KONNECT_TOKEN environment variable (the seed's "$KONNECT_TOKEN" is literal text to HCL);
//   - config.auth.header_value: "Bearer ${var.huggingface_token}" (the seed's "Bearer
//     var.huggingface_token" would send those words as the token);
//   - config.model.options.upstream_url: the local TGI instead of Hugging Face;
//   - variable "huggingface_token": sensitive = true, so plan output never shows the token.
// The seed shows only the plugin block; the control plane, service, route, consumer and consumer
// group it refers to (my_konnect_cp, my_service, …) are declared here in the official provider's
// shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export const TF_SCOPES = ['global', 'service', 'route', 'consumer', 'consumer_group'] as const;
export type TfScope = (typeof TF_SCOPES)[number];

export const SEED_FILE = join(REPO_ROOT, 'examples', 'seed', 'native-huggingface-api-route.txt');

export const SEED_CHANGES = [
  'server_url = the mock Konnect; the token from KONNECT_TOKEN (the seed\'s "$KONNECT_TOKEN" is not expanded by Terraform)',
  'header_value = "Bearer ${var.huggingface_token}" (the seed\'s "Bearer var.huggingface_token" is literal text)',
  'model.options.upstream_url = the local TGI; variable "huggingface_token" marked sensitive',
] as const;

export interface SeedTerraform {
  readonly scope: TfScope;
  /** The seed's resource "konnect_gateway_plugin_ai_proxy" block, as written. */
  readonly plugin: string;
  /** The seed's variable "huggingface_token" block. */
  readonly variable: string;
  /** The seed's terraform { required_providers } block. */
  readonly terraform: string;
}

/** The five Terraform examples of the seed, in the seed's order (global, service, route, consumer, consumer group). */
export function readSeedTerraform(seedText = readFileSync(SEED_FILE, 'utf8')): SeedTerraform[] {
  const plugins = [...seedText.matchAll(/^resource "konnect_gateway_plugin_ai_proxy" "my_ai_proxy" \{\n[\s\S]*?\n\}$/gm)].map((m) => m[0]);
  const variables = [...seedText.matchAll(/^variable "huggingface_token" \{\n[\s\S]*?\n\}$/gm)].map((m) => m[0]);
  const blocks = [...seedText.matchAll(/^terraform \{\n[\s\S]*?\n\}$/gm)].map((m) => m[0]);
  if (plugins.length !== TF_SCOPES.length || variables.length !== TF_SCOPES.length || blocks.length !== TF_SCOPES.length) {
    throw new Error(`${SEED_FILE}: expected ${TF_SCOPES.length} Terraform examples, found ${plugins.length} plugin blocks`);
  }
  return TF_SCOPES.map((scope, i) => {
    const plugin = plugins[i]!;
    const scoped = /^ {2}(service|route|consumer|consumer_group) = \{$/m.exec(plugin)?.[1] ?? 'global';
    if (scoped !== scope) throw new Error(`${SEED_FILE}: Terraform example ${i + 1} is scoped to ${scoped}, expected ${scope}`);
    return { scope, plugin, variable: variables[i]!, terraform: blocks[i]! };
  });
}

export interface TerraformOptions {
  readonly serverUrl: string;
  readonly upstreamUrl: string;
  readonly controlPlaneName: string;
  /** The route's path (requests to PATH/generate reach the plugin). */
  readonly routePath: string;
  /** Host and port of the service (not used by ai-proxy, which calls upstream_url). */
  readonly serviceHost: string;
  readonly servicePort: number;
}

/** The seed's plugin block with the header_value fix and upstream_url. Throws if the seed's text moved. */
export function pluginBlock(seed: SeedTerraform, upstreamUrl: string): string {
  const fixed = seed.plugin.replace('"Bearer var.huggingface_token"', '"Bearer ${var.huggingface_token}"');
  const withUpstream = fixed.replace(
    /( {6}name = "HuggingFaceTB\/SmolVLM-Base"\n)( {4}\})/,
    `$1      options = {\n        upstream_url = ${JSON.stringify(upstreamUrl)}\n      }\n$2`,
  );
  if (fixed === seed.plugin || withUpstream === fixed) throw new Error(`${SEED_FILE}: the ${seed.scope} plugin block no longer has the expected header_value/model lines`);
  return withUpstream;
}

/** The entities the seed's plugin block refers to, named as the seed names them. */
export function environmentBlocks(scope: TfScope, o: TerraformOptions): string {
  const blocks = [
    `resource "konnect_gateway_control_plane" "my_konnect_cp" {
  name = ${JSON.stringify(o.controlPlaneName)}
}`,
    `resource "konnect_gateway_service" "my_service" {
  name             = "hf"
  protocol         = "http"
  host             = ${JSON.stringify(o.serviceHost)}
  port             = ${o.servicePort}
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
}`,
    `resource "konnect_gateway_route" "my_route" {
  name             = "hf-route"
  paths            = [${JSON.stringify(o.routePath)}]
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
  service = {
    id = konnect_gateway_service.my_service.id
  }
}`,
  ];
  if (scope === 'consumer' || scope === 'consumer_group') {
    blocks.push(`resource "konnect_gateway_consumer" "my_consumer" {
  username         = "alice"
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
}`);
    blocks.push(`resource "konnect_gateway_consumer_group" "my_consumer_group" {
  name             = "gold"
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
}`);
  }
  return blocks.join('\n\n');
}

export function providerBlock(serverUrl: string): string {
  return `provider "konnect" {
  # personal_access_token comes from the KONNECT_TOKEN environment variable.
  server_url = ${JSON.stringify(serverUrl)}
}`;
}

/** The variable block made sensitive (the seed's has only type = string). */
export function variableBlock(seed: SeedTerraform): string {
  return seed.variable.replace(/\n\}$/, '\n  sensitive = true\n}');
}

/** A whole root module for one scope: the seed's blocks (changed as above) plus the environment. */
export function terraformConfiguration(seed: SeedTerraform, o: TerraformOptions, opts: { withProvider?: boolean } = {}): string {
  return [
    `# Written by make demo from ${'examples/seed/native-huggingface-api-route.txt'} (${seed.scope} scope).`,
    seed.terraform,
    ...(opts.withProvider === false ? [] : [providerBlock(o.serverUrl)]),
    environmentBlocks(seed.scope, o),
    pluginBlock(seed, o.upstreamUrl),
    variableBlock(seed),
    '',
  ].join('\n\n');
}
