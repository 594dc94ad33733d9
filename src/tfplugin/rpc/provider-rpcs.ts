// Provider-level RPCs: GetMetadata, GetProviderSchema, ValidateProviderConfig, ConfigureProvider, StopProvider.
import * as from from '../from-proto/index.js';
import * as to from '../to-proto/index.js';
import type { GetMetadataResponse } from '../types/index.js';
import { defineRpc } from './handler.js';

export const getMetadata = defineRpc({
  name: 'GetMetadata',
  from: from.getMetadataRequest,
  call: (s, req, ctx) => s.getMetadata?.(req, ctx),
  // Derived from the schema when the implementation has no cheaper answer.
  missing: async (_req, s, ctx): Promise<GetMetadataResponse> => {
    const schema = await s.getProviderSchema({}, ctx);
    return {
      serverCapabilities: schema.serverCapabilities,
      diagnostics: schema.diagnostics,
      resources: Object.keys(schema.resourceSchemas ?? {}).map((typeName) => ({ typeName })),
      dataSources: Object.keys(schema.dataSourceSchemas ?? {}).map((typeName) => ({ typeName })),
    } as GetMetadataResponse;
  },
  to: to.getMetadataResponse,
});

export const getProviderSchema = defineRpc({
  name: 'GetProviderSchema',
  from: from.getProviderSchemaRequest,
  call: (s, req, ctx) => s.getProviderSchema(req, ctx),
  missing: () => ({}),
  to: to.getProviderSchemaResponse,
});

export const validateProviderConfig = defineRpc({
  name: 'ValidateProviderConfig',
  from: from.validateProviderConfigRequest,
  call: (s, req, ctx) => s.validateProviderConfig(req, ctx),
  missing: () => ({}),
  to: to.validateProviderConfigResponse,
});

export const configureProvider = defineRpc({
  name: 'ConfigureProvider',
  from: from.configureProviderRequest,
  call: (s, req, ctx) => s.configureProvider(req, ctx),
  missing: () => ({}),
  to: to.configureProviderResponse,
});

export const stopProvider = defineRpc({
  name: 'StopProvider',
  from: from.stopProviderRequest,
  call: (s, req, ctx) => s.stopProvider(req, ctx),
  missing: () => ({}),
  to: to.stopProviderResponse,
  failed: (d) => ({ error: d.summary }),
});
