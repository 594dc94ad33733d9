// A minimal valid configuration for every generated plugin resource, from its table: each
// required attribute (and each list-item member Konnect requires) gets the first allowed value, a
// number within range, one element — plus OVERRIDES where those alone break a rule the mock
// checks (Kong's entity checks of the plugins the gateway runs). Shared by the in-process
// all-plugins test and the acceptance test with the real terraform; `hcl` writes such a value as
// a Terraform expression.
import type { JsObject, JsValue } from '../framework/index.js';
import type { ResourceTable, TableAttr } from '../schemas/resource-tables/index.js';

/** A value for a required attribute: the first known value, a number within range, one element. */
function sample(a: TableAttr): JsValue {
  if (a.attributes) {
    const obj = requiredOf(a.attributes);
    return a.nesting === 'single' ? obj : [obj];
  }
  if (a.enum) return a.enum[0] as JsValue;
  switch (a.type) {
    case 'string':
    case 'json':
      return a.lenMin && a.lenMin > 1 ? 'x'.repeat(a.lenMin) : 'x';
    case 'number':
    case 'integer':
      return a.between ? a.between[0] : 1;
    case 'boolean':
      return false;
    case 'map':
      return { k: a.element?.type === 'array' || a.element?.type === 'set' ? ['v'] : 'v' };
    default:
      return [a.element?.enum?.[0] ?? (a.element?.type === 'number' || a.element?.type === 'integer' ? 1 : 'x')] as JsValue;
  }
}

function requiredOf(attrs: readonly TableAttr[]): JsObject {
  return Object.fromEntries(attrs.filter((a) => a.terraform.required || a.notNull).map((a) => [a.name, sample(a)]));
}

/** Where the required attributes alone break Kong's cross-field rules (the mock checks them, for the plugins the gateway runs). */
export const PLUGIN_OVERRIDES: Readonly<Record<string, JsObject>> = {
  konnect_gateway_plugin_ai_proxy: { config: { route_type: 'llm/v1/chat', model: { provider: 'huggingface', name: 'm' } } },
  // The required members alone pick provider `anthropic`, which needs model.options.anthropic_version (ai-proxy's per-target rule).
  konnect_gateway_plugin_ai_proxy_advanced: { config: { targets: [{ route_type: 'llm/v1/chat', model: { provider: 'huggingface', name: 'm' } }] } },
  // The mock validates this one with its Kong schema (the gateway runs it): a limit needs a provider.
  konnect_gateway_plugin_ai_rate_limiting_advanced: { config: { llm_providers: [{ name: 'openai', limit: [100], window_size: [60] }] } },
  // Kong's entity checks: at least one prompt, at least one pattern.
  konnect_gateway_plugin_ai_prompt_decorator: { config: { prompts: { prepend: [{ role: 'system', content: 'Be brief.' }] } } },
  konnect_gateway_plugin_ai_prompt_guard: { config: { deny_patterns: ['password'] } },
};

/** The attributes of a minimal valid `table` resource, but for `control_plane_id` (the caller's). */
export function minimalPluginConfig(table: ResourceTable): JsObject {
  return { ...requiredOf(table.attributes.filter((a) => a.name !== 'control_plane_id')), ...PLUGIN_OVERRIDES[table.typeName] };
}

const quote = (s: string) => JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');

/** A plain value (no unknowns) as a Terraform expression, objects one attribute per line. */
export function hcl(value: JsValue, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((v) => `${inner}${hcl(v, inner)},`).join('\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, JsValue>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${/^[a-z_][a-z0-9_]*$/.test(k) ? k : quote(k)} = ${hcl(v, inner)}`).join('\n')}\n${indent}}`;
}
