// The plugin names Kong knows. A plugin entity whose name is not here is refused everywhere
// (Admin API, mock Konnect, decK, KIC, Konnect source) with Kong's
// `plugin '<name>' not enabled; add it to the 'plugins' configuration property`; a known name
// is accepted, and the gateway then either runs it (ai-proxy, key-auth, ai-rate-limiting-advanced:
// ./registry.ts) or refuses the requests it applies to (src/gateway/plugins/unsupported.ts).

/**
 * Kong Gateway 3.10's bundled plugins, in Kong's order: `kong/constants.lua` (`local plugins`)
 * of Kong/kong at 22246ef28c (kong/meta.lua 3.10.0).
 */
export const KONG_BUNDLED_PLUGINS = [
  'jwt', 'acl', 'correlation-id', 'cors', 'oauth2', 'tcp-log', 'udp-log', 'file-log', 'http-log',
  'key-auth', 'hmac-auth', 'basic-auth', 'ip-restriction', 'request-transformer',
  'response-transformer', 'request-size-limiting', 'rate-limiting', 'response-ratelimiting',
  'syslog', 'loggly', 'datadog', 'ldap-auth', 'statsd', 'bot-detection', 'aws-lambda',
  'request-termination', 'prometheus', 'proxy-cache', 'session', 'acme', 'grpc-gateway',
  'grpc-web', 'pre-function', 'post-function', 'azure-functions', 'zipkin', 'opentelemetry',
  'ai-proxy', 'ai-prompt-decorator', 'ai-prompt-template', 'ai-prompt-guard',
  'ai-request-transformer', 'ai-response-transformer', 'standard-webhooks', 'redirect',
] as const;

/**
 * Every plugin Konnect accepts on a control plane, Kong Enterprise's included: the `name`
 * constant of each `<Name>PluginConfig` schema (111) in the official Terraform provider's
 * `openapi.yaml` (Kong/terraform-provider-konnect v3.19.0, kept in
 * shared/reference/konnect/terraform-provider-konnect.openapi.yaml). Sorted.
 */
export const KONNECT_PLUGINS = [
  'ace', 'acl', 'acme', 'ai-a2a-proxy', 'ai-aws-guardrails', 'ai-azure-content-safety',
  'ai-custom-guardrail', 'ai-gcp-model-armor', 'ai-lakera-guard', 'ai-llm-as-judge',
  'ai-mcp-oauth2', 'ai-mcp-proxy', 'ai-prompt-compressor', 'ai-prompt-decorator',
  'ai-prompt-guard', 'ai-prompt-template', 'ai-proxy', 'ai-proxy-advanced', 'ai-rag-injector',
  'ai-rate-limiting-advanced', 'ai-request-transformer', 'ai-response-transformer', 'ai-sanitizer',
  'ai-semantic-cache', 'ai-semantic-prompt-guard', 'ai-semantic-response-guard', 'app-dynamics',
  'aws-lambda', 'azure-functions', 'basic-auth', 'bot-detection', 'canary', 'confluent',
  'confluent-consume', 'correlation-id', 'cors', 'datadog', 'datakit', 'degraphql',
  'exit-transformer', 'file-log', 'forward-proxy', 'graphql-proxy-cache-advanced',
  'graphql-rate-limiting-advanced', 'grpc-gateway', 'grpc-web', 'header-cert-auth', 'hmac-auth',
  'http-log', 'injection-protection', 'ip-restriction', 'jq', 'json-threat-protection',
  'jwe-decrypt', 'jwt', 'jwt-signer', 'kafka-consume', 'kafka-log', 'kafka-upstream', 'key-auth',
  'ldap-auth', 'ldap-auth-advanced', 'loggly', 'metering-and-billing', 'mocking', 'mtls-auth',
  'oas-validation', 'oauth2-introspection', 'opa', 'openid-connect', 'opentelemetry',
  'post-function', 'pre-function', 'prometheus', 'proxy-cache', 'proxy-cache-advanced',
  'rate-limiting', 'rate-limiting-advanced', 'redirect', 'request-callout', 'request-size-limiting',
  'request-termination', 'request-transformer', 'request-transformer-advanced', 'request-validator',
  'response-ratelimiting', 'response-transformer', 'response-transformer-advanced',
  'route-by-header', 'route-transformer-advanced', 'saml', 'service-protection', 'session',
  'solace-consume', 'solace-log', 'solace-upstream', 'standard-webhooks', 'statsd',
  'statsd-advanced', 'syslog', 'tcp-log', 'tls-handshake-modifier', 'tls-metadata-headers',
  'udp-log', 'upstream-oauth', 'upstream-timeout', 'vault-auth', 'websocket-size-limit',
  'websocket-validator', 'xml-threat-protection', 'zipkin',
] as const;

/**
 * Both lists: what a Kong node with every bundled and Enterprise plugin enabled accepts. (The one
 * name only in Kong's list is `oauth2`, which Konnect's schema set leaves out; the mock Konnect
 * shares this set with the Admin API, so it accepts `oauth2` too.)
 */
export const KNOWN_PLUGINS: ReadonlySet<string> = new Set<string>([...KONG_BUNDLED_PLUGINS, ...KONNECT_PLUGINS]);

/** Kong's error text for a plugin name it does not know (kong/db/schema/entities/plugins.lua `subschema_error`). */
export function pluginNotEnabled(name: string): string {
  return `plugin '${name}' not enabled; add it to the 'plugins' configuration property`;
}
