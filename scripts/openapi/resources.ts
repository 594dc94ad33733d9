// The resources generated from the official provider's OpenAPI (scripts/openapi/generate.ts):
// one `x-speakeasy-entity` name per line. Adding a konnect_gateway_plugin_* is adding its line
// here and running `make generate` (the provider serves every generated plugin table).
export const GENERATED_ENTITIES = [
  'GatewayKeyAuth',
  'GatewayPluginAiPromptDecorator',
  'GatewayPluginAiPromptGuard',
  'GatewayPluginAiProxy',
  'GatewayPluginAiProxyAdvanced',
  'GatewayPluginAiRateLimitingAdvanced',
  'GatewayPluginKeyAuth',
  'GatewayPluginPrometheus',
] as const;

/**
 * Secrets the spec does not flag `x-encrypted` (attribute paths): they are marked sensitive and
 * get a write-only twin like the flagged ones. The key-auth credential's `key` is the credential.
 */
export const EXTRA_SECRETS: Readonly<Record<string, readonly string[]>> = {
  GatewayKeyAuth: ['key'],
};
