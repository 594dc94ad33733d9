// Requests and responses of the data-source RPCs.
import type { ClientCapabilities, Deferred } from './capabilities.js';
import type { DynamicValue } from './dynamic-value.js';
import type { DiagnosticList } from './provider-rpcs.js';

export interface ValidateDataResourceConfigRequest {
  readonly typeName: string;
  readonly config: DynamicValue;
}
export interface ValidateDataResourceConfigResponse {
  readonly diagnostics?: DiagnosticList;
}

export interface ReadDataSourceRequest {
  readonly typeName: string;
  readonly config: DynamicValue;
  readonly providerMeta: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface ReadDataSourceResponse {
  readonly state?: DynamicValue;
  readonly deferred?: Deferred;
  readonly diagnostics?: DiagnosticList;
}
