// GetMetadata: the type names and capabilities, without compiling a schema (the bridge would
// otherwise derive it from GetProviderSchema, which compiles every resource's schema).
import type { GetMetadataResponse } from '../../tfplugin/index.js';
import { SERVER_CAPABILITIES } from './get-provider-schema.js';
import type { ServerState } from './state.js';

export function getMetadata(state: ServerState): GetMetadataResponse {
  return {
    serverCapabilities: SERVER_CAPABILITIES,
    resources: [...state.resources.keys()].map((typeName) => ({ typeName })),
    dataSources: [...state.dataSources.keys()].map((typeName) => ({ typeName })),
  };
}
