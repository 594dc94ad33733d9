// GetProviderSchema: the provider block, every resource and every data-source schema, derived from the attribute tables.
import type { GetProviderSchemaResponse, Schema } from '../../tfplugin/index.js';
import { toTfpluginSchema } from '../schema/to-tfplugin.js';
import type { ServerState } from './state.js';

export function getProviderSchema(state: ServerState): GetProviderSchemaResponse {
  const resourceSchemas: Record<string, Schema> = {};
  for (const [name, e] of state.resources) resourceSchemas[name] = toTfpluginSchema(e.schema);
  const dataSourceSchemas: Record<string, Schema> = {};
  for (const [name, e] of state.dataSources) dataSourceSchemas[name] = toTfpluginSchema(e.schema);
  return {
    provider: toTfpluginSchema(state.providerSchema),
    resourceSchemas,
    dataSourceSchemas,
    // Schemas are static: Terraform may cache them across the several processes of one command.
    serverCapabilities: { getProviderSchemaOptional: true, planDestroy: false },
  };
}
