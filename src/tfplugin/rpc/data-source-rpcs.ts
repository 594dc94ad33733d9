// Data-source RPCs: ValidateDataResourceConfig, ReadDataSource.
import * as from from '../from-proto/index.js';
import * as to from '../to-proto/index.js';
import { defineRpc } from './handler.js';
import { notImplemented } from './not-implemented.js';

export const validateDataResourceConfig = defineRpc({
  name: 'ValidateDataResourceConfig',
  from: from.validateDataResourceConfigRequest,
  call: (s, req, ctx) => s.validateDataResourceConfig?.(req, ctx),
  missing: (req) => notImplemented('ValidateDataResourceConfig', req.typeName, 'Data source'),
  to: to.validateDataResourceConfigResponse,
});

export const readDataSource = defineRpc({
  name: 'ReadDataSource',
  from: from.readDataSourceRequest,
  call: (s, req, ctx) => s.readDataSource?.(req, ctx),
  missing: (req) => notImplemented('ReadDataSource', req.typeName, 'Data source'),
  to: to.readDataSourceResponse,
});
