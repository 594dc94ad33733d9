// Requests and responses of the provider-level RPCs (metadata, schema, provider configuration, stop).
import type { Diagnostic } from '../../common/index.js';
import type { ClientCapabilities, ServerCapabilities } from './capabilities.js';
import type { DynamicValue } from './dynamic-value.js';
import type { Schema } from './schema.js';

/** Any iterable of diagnostics: a `Diagnostics` collection or a plain array. */
export type DiagnosticList = Iterable<Diagnostic>;

export type GetMetadataRequest = Record<string, never>;
export interface GetMetadataResponse {
  readonly serverCapabilities?: ServerCapabilities;
  readonly diagnostics?: DiagnosticList;
  readonly resources?: readonly { readonly typeName: string }[];
  readonly dataSources?: readonly { readonly typeName: string }[];
}

export type GetProviderSchemaRequest = Record<string, never>;
export interface GetProviderSchemaResponse {
  /** The `provider "konnect" { … }` block. */
  readonly provider?: Schema;
  /** The `provider_meta "konnect" { … }` block (rarely used). */
  readonly providerMeta?: Schema;
  readonly resourceSchemas?: Readonly<Record<string, Schema>>;
  readonly dataSourceSchemas?: Readonly<Record<string, Schema>>;
  readonly serverCapabilities?: ServerCapabilities;
  readonly diagnostics?: DiagnosticList;
}

export interface ValidateProviderConfigRequest {
  /** The provider block, encoded against the provider schema; may contain unknowns. */
  readonly config: DynamicValue;
}
export interface ValidateProviderConfigResponse {
  readonly diagnostics?: DiagnosticList;
}

export interface ConfigureProviderRequest {
  readonly terraformVersion: string;
  readonly config: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface ConfigureProviderResponse {
  readonly diagnostics?: DiagnosticList;
}

export type StopProviderRequest = Record<string, never>;
export interface StopProviderResponse {
  /** Empty when stopping worked; a message otherwise (secrets never go here). */
  readonly error?: string;
}
