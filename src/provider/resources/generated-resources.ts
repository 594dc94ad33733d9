// The resources built from generated tables (src/schemas/resource-tables/generated): one generic
// implementation (table-resource.ts) per table, with what a resource adds (Kong's cross-field
// rules) keyed by type name. A new konnect_gateway_plugin_* needs no code here.
import { GENERATED_TABLES } from '../../schemas/index.js';
import { checkAiProxyConfig } from './gateway-plugin-ai-proxy-checks.js';
import { TableResource, type TableResourceOptions } from './table-resource.js';

const OPTIONS: Readonly<Record<string, TableResourceOptions>> = {
  konnect_gateway_plugin_ai_proxy: { validateConfig: (req) => checkAiProxyConfig(req.config, req.withDefaults, req.diagnostics) },
};

/** One resource for `typeName`'s generated table. */
export function tableResource(typeName: string): TableResource {
  const table = GENERATED_TABLES.get(typeName);
  if (!table) throw new TypeError(`no generated table for ${typeName} (scripts/openapi/resources.ts)`);
  return new TableResource(table, OPTIONS[typeName] ?? {});
}

/** Every generated resource, sorted by type name. */
export function generatedResources(): TableResource[] {
  return [...GENERATED_TABLES.keys()].sort().map(tableResource);
}
