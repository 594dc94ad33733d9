// Managed-resource requests from protobuf.
import type {
  ApplyResourceChangeRequest,
  ImportResourceStateRequest,
  MoveResourceStateRequest,
  PlanResourceChangeRequest,
  ReadResourceRequest,
  UpgradeResourceStateRequest,
  ValidateResourceConfigRequest,
} from '../types/index.js';
import type { PRequest } from '../grpc/proto-messages.js';
import { bytes, clientCapabilities, dynamicValue, num, rawState, str } from './common.js';

export const validateResourceConfigRequest = (p: PRequest): ValidateResourceConfigRequest => ({
  typeName: str(p.type_name),
  config: dynamicValue(p.config),
  clientCapabilities: clientCapabilities(p.client_capabilities),
});

export const upgradeResourceStateRequest = (p: PRequest): UpgradeResourceStateRequest => ({
  typeName: str(p.type_name),
  version: num(p.version),
  rawState: rawState(p.raw_state),
});

export const readResourceRequest = (p: PRequest): ReadResourceRequest => ({
  typeName: str(p.type_name),
  currentState: dynamicValue(p.current_state),
  private: bytes(p.private),
  providerMeta: dynamicValue(p.provider_meta),
  clientCapabilities: clientCapabilities(p.client_capabilities),
});

export const planResourceChangeRequest = (p: PRequest): PlanResourceChangeRequest => ({
  typeName: str(p.type_name),
  priorState: dynamicValue(p.prior_state),
  proposedNewState: dynamicValue(p.proposed_new_state),
  config: dynamicValue(p.config),
  priorPrivate: bytes(p.prior_private),
  providerMeta: dynamicValue(p.provider_meta),
  clientCapabilities: clientCapabilities(p.client_capabilities),
});

export const applyResourceChangeRequest = (p: PRequest): ApplyResourceChangeRequest => ({
  typeName: str(p.type_name),
  priorState: dynamicValue(p.prior_state),
  plannedState: dynamicValue(p.planned_state),
  config: dynamicValue(p.config),
  plannedPrivate: bytes(p.planned_private),
  providerMeta: dynamicValue(p.provider_meta),
});

export const importResourceStateRequest = (p: PRequest): ImportResourceStateRequest => ({
  typeName: str(p.type_name),
  id: str(p.id),
  clientCapabilities: clientCapabilities(p.client_capabilities),
});

export const moveResourceStateRequest = (p: PRequest): MoveResourceStateRequest => ({
  sourceProviderAddress: str(p.source_provider_address),
  sourceTypeName: str(p.source_type_name),
  sourceSchemaVersion: num(p.source_schema_version),
  sourceState: rawState(p.source_state),
  targetTypeName: str(p.target_type_name),
  sourcePrivate: bytes(p.source_private),
});
