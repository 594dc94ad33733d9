// Managed-resource responses → protobuf.
import type {
  ApplyResourceChangeResponse,
  ImportResourceStateResponse,
  MoveResourceStateResponse,
  PlanResourceChangeResponse,
  ReadResourceResponse,
  UpgradeResourceStateResponse,
  ValidateResourceConfigResponse,
} from '../types/index.js';
import type { PResponse } from '../grpc/proto-messages.js';
import { attributePathToProto } from '../attribute-path-proto.js';
import { deferred, dynamicValue } from './common.js';
import { diagnostics } from './diagnostics.js';

export const validateResourceConfigResponse = (r: ValidateResourceConfigResponse): PResponse => ({
  diagnostics: diagnostics(r.diagnostics),
});

export const upgradeResourceStateResponse = (r: UpgradeResourceStateResponse): PResponse => ({
  upgraded_state: dynamicValue(r.upgradedState),
  diagnostics: diagnostics(r.diagnostics),
});

export const readResourceResponse = (r: ReadResourceResponse): PResponse => ({
  new_state: dynamicValue(r.newState),
  private: r.private ?? Buffer.alloc(0),
  deferred: deferred(r.deferred),
  diagnostics: diagnostics(r.diagnostics),
});

export const planResourceChangeResponse = (r: PlanResourceChangeResponse): PResponse => ({
  planned_state: dynamicValue(r.plannedState),
  requires_replace: (r.requiresReplace ?? []).map(attributePathToProto),
  planned_private: r.plannedPrivate ?? Buffer.alloc(0),
  deferred: deferred(r.deferred),
  diagnostics: diagnostics(r.diagnostics),
});

export const applyResourceChangeResponse = (r: ApplyResourceChangeResponse): PResponse => ({
  new_state: dynamicValue(r.newState),
  private: r.private ?? Buffer.alloc(0),
  diagnostics: diagnostics(r.diagnostics),
});

export const importResourceStateResponse = (r: ImportResourceStateResponse): PResponse => ({
  imported_resources: (r.importedResources ?? []).map((x) => ({
    type_name: x.typeName,
    state: dynamicValue(x.state),
    private: x.private ?? Buffer.alloc(0),
  })),
  deferred: deferred(r.deferred),
  diagnostics: diagnostics(r.diagnostics),
});

export const moveResourceStateResponse = (r: MoveResourceStateResponse): PResponse => ({
  target_state: dynamicValue(r.targetState),
  target_private: r.targetPrivate ?? Buffer.alloc(0),
  diagnostics: diagnostics(r.diagnostics),
});
