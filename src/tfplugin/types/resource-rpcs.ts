// Requests and responses of the managed-resource RPCs (validate, upgrade, read, plan, apply,
// import, move). `private` bytes are opaque to Terraform and handed back verbatim later.
import type { AttributePath } from '../../common/index.js';
import type { ClientCapabilities, Deferred } from './capabilities.js';
import type { DynamicValue, RawState } from './dynamic-value.js';
import type { DiagnosticList } from './provider-rpcs.js';

export interface ValidateResourceConfigRequest {
  readonly typeName: string;
  readonly config: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface ValidateResourceConfigResponse {
  readonly diagnostics?: DiagnosticList;
}

export interface UpgradeResourceStateRequest {
  readonly typeName: string;
  /** The schema version that wrote `rawState`. */
  readonly version: number;
  readonly rawState: RawState;
}
export interface UpgradeResourceStateResponse {
  /** Encoded against the current schema; wholly known. */
  readonly upgradedState?: DynamicValue;
  readonly diagnostics?: DiagnosticList;
}

export interface ReadResourceRequest {
  readonly typeName: string;
  readonly currentState: DynamicValue;
  readonly private: Buffer;
  readonly providerMeta: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface ReadResourceResponse {
  /** Null (empty DynamicValue) when the remote object is gone. */
  readonly newState?: DynamicValue;
  readonly private?: Buffer;
  readonly deferred?: Deferred;
  readonly diagnostics?: DiagnosticList;
}

export interface PlanResourceChangeRequest {
  readonly typeName: string;
  readonly priorState: DynamicValue;
  readonly proposedNewState: DynamicValue;
  readonly config: DynamicValue;
  readonly priorPrivate: Buffer;
  readonly providerMeta: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface PlanResourceChangeResponse {
  readonly plannedState?: DynamicValue;
  readonly requiresReplace?: readonly AttributePath[];
  readonly plannedPrivate?: Buffer;
  readonly deferred?: Deferred;
  readonly diagnostics?: DiagnosticList;
}

export interface ApplyResourceChangeRequest {
  readonly typeName: string;
  readonly priorState: DynamicValue;
  /** Null for a destroy. */
  readonly plannedState: DynamicValue;
  readonly config: DynamicValue;
  readonly plannedPrivate: Buffer;
  readonly providerMeta: DynamicValue;
}
export interface ApplyResourceChangeResponse {
  readonly newState?: DynamicValue;
  readonly private?: Buffer;
  readonly diagnostics?: DiagnosticList;
}

export interface ImportResourceStateRequest {
  readonly typeName: string;
  readonly id: string;
  readonly clientCapabilities: ClientCapabilities;
}
export interface ImportedResource {
  readonly typeName: string;
  readonly state: DynamicValue;
  readonly private?: Buffer;
}
export interface ImportResourceStateResponse {
  /** Exactly one for Terraform to accept it. */
  readonly importedResources?: readonly ImportedResource[];
  readonly deferred?: Deferred;
  readonly diagnostics?: DiagnosticList;
}

export interface MoveResourceStateRequest {
  readonly sourceProviderAddress: string;
  readonly sourceTypeName: string;
  readonly sourceSchemaVersion: number;
  readonly sourceState: RawState;
  readonly targetTypeName: string;
  readonly sourcePrivate: Buffer;
}
export interface MoveResourceStateResponse {
  readonly targetState?: DynamicValue;
  readonly targetPrivate?: Buffer;
  readonly diagnostics?: DiagnosticList;
}
