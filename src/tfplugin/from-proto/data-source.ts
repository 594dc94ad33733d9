// Data-source requests from protobuf.
import type { ReadDataSourceRequest, ValidateDataResourceConfigRequest } from '../types/index.js';
import type { PRequest } from '../grpc/proto-messages.js';
import { clientCapabilities, dynamicValue, str } from './common.js';

export const validateDataResourceConfigRequest = (p: PRequest): ValidateDataResourceConfigRequest => ({
  typeName: str(p.type_name),
  config: dynamicValue(p.config),
});

export const readDataSourceRequest = (p: PRequest): ReadDataSourceRequest => ({
  typeName: str(p.type_name),
  config: dynamicValue(p.config),
  providerMeta: dynamicValue(p.provider_meta),
  clientCapabilities: clientCapabilities(p.client_capabilities),
});
