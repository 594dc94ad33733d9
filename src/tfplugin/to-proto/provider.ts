// Provider-level responses → protobuf.
import type {
  ConfigureProviderResponse,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  StopProviderResponse,
  ValidateProviderConfigResponse,
} from '../types/index.js';
import type { PResponse } from '../grpc/proto-messages.js';
import { serverCapabilities } from './common.js';
import { diagnostics } from './diagnostics.js';
import { schema, schemaMap } from './schema.js';

export const getMetadataResponse = (r: GetMetadataResponse): PResponse => ({
  server_capabilities: serverCapabilities(r.serverCapabilities),
  diagnostics: diagnostics(r.diagnostics),
  resources: (r.resources ?? []).map((x) => ({ type_name: x.typeName })),
  data_sources: (r.dataSources ?? []).map((x) => ({ type_name: x.typeName })),
  functions: [],
  ephemeral_resources: [],
});

export const getProviderSchemaResponse = (r: GetProviderSchemaResponse): PResponse => ({
  provider: schema(r.provider),
  provider_meta: schema(r.providerMeta),
  resource_schemas: schemaMap(r.resourceSchemas),
  data_source_schemas: schemaMap(r.dataSourceSchemas),
  functions: {},
  ephemeral_resource_schemas: {},
  server_capabilities: serverCapabilities(r.serverCapabilities),
  diagnostics: diagnostics(r.diagnostics),
});

export const validateProviderConfigResponse = (r: ValidateProviderConfigResponse): PResponse => ({
  diagnostics: diagnostics(r.diagnostics),
});

export const configureProviderResponse = (r: ConfigureProviderResponse): PResponse => ({
  diagnostics: diagnostics(r.diagnostics),
});

export const stopProviderResponse = (r: StopProviderResponse): PResponse => ({ Error: r.error ?? '' });
