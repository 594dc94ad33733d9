// Provider-level requests from protobuf.
import type {
  ConfigureProviderRequest,
  GetMetadataRequest,
  GetProviderSchemaRequest,
  StopProviderRequest,
  ValidateProviderConfigRequest,
} from '../types/index.js';
import type { PRequest } from '../grpc/proto-messages.js';
import { clientCapabilities, dynamicValue, str } from './common.js';

export const getMetadataRequest = (_p: PRequest): GetMetadataRequest => ({});
export const getProviderSchemaRequest = (_p: PRequest): GetProviderSchemaRequest => ({});
export const stopProviderRequest = (_p: PRequest): StopProviderRequest => ({});

export const validateProviderConfigRequest = (p: PRequest): ValidateProviderConfigRequest => ({
  config: dynamicValue(p.config),
});

export const configureProviderRequest = (p: PRequest): ConfigureProviderRequest => ({
  terraformVersion: str(p.terraform_version),
  config: dynamicValue(p.config),
  clientCapabilities: clientCapabilities(p.client_capabilities),
});
