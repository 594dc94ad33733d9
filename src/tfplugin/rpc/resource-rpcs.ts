// Managed-resource RPCs: validate, upgrade, read, plan, apply, import, move.
import * as from from '../from-proto/index.js';
import * as to from '../to-proto/index.js';
import { defineRpc } from './handler.js';
import { notImplemented } from './not-implemented.js';

const RESOURCE = 'Resource type';

export const validateResourceConfig = defineRpc({
  name: 'ValidateResourceConfig',
  from: from.validateResourceConfigRequest,
  call: (s, req, ctx) => s.validateResourceConfig?.(req, ctx),
  missing: (req) => notImplemented('ValidateResourceConfig', req.typeName, RESOURCE),
  to: to.validateResourceConfigResponse,
});

export const upgradeResourceState = defineRpc({
  name: 'UpgradeResourceState',
  from: from.upgradeResourceStateRequest,
  call: (s, req, ctx) => s.upgradeResourceState?.(req, ctx),
  missing: (req) => notImplemented('UpgradeResourceState', req.typeName, RESOURCE),
  to: to.upgradeResourceStateResponse,
});

export const readResource = defineRpc({
  name: 'ReadResource',
  from: from.readResourceRequest,
  call: (s, req, ctx) => s.readResource?.(req, ctx),
  missing: (req) => notImplemented('ReadResource', req.typeName, RESOURCE),
  to: to.readResourceResponse,
});

export const planResourceChange = defineRpc({
  name: 'PlanResourceChange',
  from: from.planResourceChangeRequest,
  call: (s, req, ctx) => s.planResourceChange?.(req, ctx),
  missing: (req) => notImplemented('PlanResourceChange', req.typeName, RESOURCE),
  to: to.planResourceChangeResponse,
});

export const applyResourceChange = defineRpc({
  name: 'ApplyResourceChange',
  from: from.applyResourceChangeRequest,
  call: (s, req, ctx) => s.applyResourceChange?.(req, ctx),
  missing: (req) => notImplemented('ApplyResourceChange', req.typeName, RESOURCE),
  to: to.applyResourceChangeResponse,
});

export const importResourceState = defineRpc({
  name: 'ImportResourceState',
  from: from.importResourceStateRequest,
  call: (s, req, ctx) => s.importResourceState?.(req, ctx),
  missing: (req) => notImplemented('ImportResourceState', req.typeName, 'Import'),
  to: to.importResourceStateResponse,
});

export const moveResourceState = defineRpc({
  name: 'MoveResourceState',
  from: from.moveResourceStateRequest,
  call: (s, req, ctx) => s.moveResourceState?.(req, ctx),
  missing: (req) => notImplemented('MoveResourceState', req.targetTypeName, 'Moving state across resource types'),
  to: to.moveResourceStateResponse,
});
