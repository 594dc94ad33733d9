// GetProviderSchema: the provider block, every resource and every data-source schema, derived from the attribute tables.
import type { GetProviderSchemaResponse, Schema, ServerCapabilities } from '../../tfplugin/index.js';
import { toTfpluginSchema } from '../schema/to-tfplugin.js';
import type { ServerState } from './state.js';

// Schemas are static: Terraform may cache them across the several processes of one command.
export const SERVER_CAPABILITIES: ServerCapabilities = { getProviderSchemaOptional: true, planDestroy: false };

export function getProviderSchema(state: ServerState): GetProviderSchemaResponse {
  const resourceSchemas: Record<string, Schema> = {};
  for (const [name, e] of state.resources) resourceSchemas[name] = toTfpluginSchema(e.schema);
  const dataSourceSchemas: Record<string, Schema> = {};
  for (const [name, e] of state.dataSources) dataSourceSchemas[name] = toTfpluginSchema(e.schema);
  return {
    provider: toTfpluginSchema(state.providerSchema),
    resourceSchemas,
    dataSourceSchemas,
    serverCapabilities: SERVER_CAPABILITIES,
  };
}
