// Data-source responses → protobuf.
import type { ReadDataSourceResponse, ValidateDataResourceConfigResponse } from '../types/index.js';
import type { PResponse } from '../grpc/proto-messages.js';
import { deferred, dynamicValue } from './common.js';
import { diagnostics } from './diagnostics.js';

export const validateDataResourceConfigResponse = (r: ValidateDataResourceConfigResponse): PResponse => ({
  diagnostics: diagnostics(r.diagnostics),
});

export const readDataSourceResponse = (r: ReadDataSourceResponse): PResponse => ({
  state: dynamicValue(r.state),
  deferred: deferred(r.deferred),
  diagnostics: diagnostics(r.diagnostics),
});
