// The seam between the protocol bridge and whatever implements a provider (src/framework,
// or the minimal src/provider). One async method per tfplugin6 RPC that Terraform 1.11 calls.
//
// Contract:
// - Report user mistakes as diagnostics in the response; never throw for them. A thrown
//   error is a bug: the bridge turns it into one error diagnostic (no stack, no secrets).
// - An absent optional method: the bridge answers with an error diagnostic naming the RPC and
//   the type name (GetMetadata is derived from GetProviderSchema instead).
// - `ctx.signal` aborts when Terraform calls StopProvider (Ctrl-C) or cancels the call;
//   pass it to HTTP requests so they stop promptly.
import type {
  ConfigureProviderRequest,
  ConfigureProviderResponse,
  GetMetadataRequest,
  GetMetadataResponse,
  GetProviderSchemaRequest,
  GetProviderSchemaResponse,
  StopProviderRequest,
  StopProviderResponse,
  ValidateProviderConfigRequest,
  ValidateProviderConfigResponse,
} from './provider-rpcs.js';
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
  MoveResourceStateRequest,
  MoveResourceStateResponse,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
  ReadResourceRequest,
  ReadResourceResponse,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
  ValidateResourceConfigRequest,
  ValidateResourceConfigResponse,
} from './resource-rpcs.js';
import type {
  ReadDataSourceRequest,
  ReadDataSourceResponse,
  ValidateDataResourceConfigRequest,
  ValidateDataResourceConfigResponse,
} from './data-source-rpcs.js';

export interface RpcContext {
  /** Aborted by StopProvider or when the client cancels this call. */
  readonly signal: AbortSignal;
}

export interface ProviderServer {
  getProviderSchema(req: GetProviderSchemaRequest, ctx: RpcContext): Promise<GetProviderSchemaResponse>;
  validateProviderConfig(req: ValidateProviderConfigRequest, ctx: RpcContext): Promise<ValidateProviderConfigResponse>;
  configureProvider(req: ConfigureProviderRequest, ctx: RpcContext): Promise<ConfigureProviderResponse>;
  stopProvider(req: StopProviderRequest, ctx: RpcContext): Promise<StopProviderResponse>;

  /** Optional: without it the bridge answers from getProviderSchema. */
  getMetadata?(req: GetMetadataRequest, ctx: RpcContext): Promise<GetMetadataResponse>;

  validateResourceConfig?(req: ValidateResourceConfigRequest, ctx: RpcContext): Promise<ValidateResourceConfigResponse>;
  upgradeResourceState?(req: UpgradeResourceStateRequest, ctx: RpcContext): Promise<UpgradeResourceStateResponse>;
  readResource?(req: ReadResourceRequest, ctx: RpcContext): Promise<ReadResourceResponse>;
  planResourceChange?(req: PlanResourceChangeRequest, ctx: RpcContext): Promise<PlanResourceChangeResponse>;
  applyResourceChange?(req: ApplyResourceChangeRequest, ctx: RpcContext): Promise<ApplyResourceChangeResponse>;
  importResourceState?(req: ImportResourceStateRequest, ctx: RpcContext): Promise<ImportResourceStateResponse>;
  moveResourceState?(req: MoveResourceStateRequest, ctx: RpcContext): Promise<MoveResourceStateResponse>;

  validateDataResourceConfig?(
    req: ValidateDataResourceConfigRequest,
    ctx: RpcContext,
  ): Promise<ValidateDataResourceConfigResponse>;
  readDataSource?(req: ReadDataSourceRequest, ctx: RpcContext): Promise<ReadDataSourceResponse>;
}

/** The RPC names (as in the proto) each ProviderServer method answers. */
export type ProviderRpcName =
  | 'GetMetadata'
  | 'GetProviderSchema'
  | 'ValidateProviderConfig'
  | 'ConfigureProvider'
  | 'StopProvider'
  | 'ValidateResourceConfig'
  | 'UpgradeResourceState'
  | 'ReadResource'
  | 'PlanResourceChange'
  | 'ApplyResourceChange'
  | 'ImportResourceState'
  | 'MoveResourceState'
  | 'ValidateDataResourceConfig'
  | 'ReadDataSource';
