// The resources built from generated tables (src/schemas/resource-tables/generated): one generic
// implementation (table-resource.ts) per table, with what a resource adds (Kong's cross-field
// rules) keyed by type name. A new konnect_gateway_plugin_* needs no code here. Every table is
// registered by name and built on first use (a LazyResource): a provider process evaluates the
// tables, and compiles the schemas, of the types Terraform asks it about only.
import type { LazyResource } from '../../framework/index.js';
import { GENERATED_TABLES, generatedTable, type ResourceTable } from '../../schemas/resource-tables/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { checkAiProxyConfig } from './gateway-plugin-ai-proxy-checks.js';
import { TableResource, type TableResourceOptions } from './table-resource.js';

const OPTIONS: Readonly<Record<string, TableResourceOptions>> = {
  konnect_gateway_plugin_ai_proxy: { validateConfig: (req) => checkAiProxyConfig(req.config, req.withDefaults, req.diagnostics) },
};

/** The resource of one generated table. */
export function resourceFromTable(table: ResourceTable): TableResource {
  return new TableResource(table, OPTIONS[table.typeName] ?? {});
}

/** One resource for `typeName`'s generated table. */
export function tableResource(typeName: string): TableResource {
  const table = generatedTable(typeName);
  if (!table) throw new TypeError(`no generated table for ${typeName} (GENERATED_ENTITIES in scripts/openapi/resources.ts)`);
  return resourceFromTable(table);
}

/** Every generated resource, sorted by type name, each built when first used. */
export function generatedResources(): LazyResource<KonnectProviderData>[] {
  return [...GENERATED_TABLES.keys()].sort().map((typeName) => ({ typeName, load: () => tableResource(typeName) }));
}
