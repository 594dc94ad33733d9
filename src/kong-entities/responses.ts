// Engine errors as HTTP responses, in one of two dialects: `kong` (the Admin API: Kong's
// `{code, name, message, fields}` with 400/404/409) and `konnect` (core entities behind Konnect:
// 400 for conflicts, the gRPC-style `{code, message, details}` envelope — konnect.md 9.2 — with
// Kong's `name` and `fields` tree kept alongside so the field at fault is always named).
import { errorList, type ErrorTree } from '../schemas/index.js';
import type { EntityError } from './errors.js';

export type Dialect = 'kong' | 'konnect';

export interface EntityResponse {
  readonly status: number;
  readonly body?: unknown;
}

const KONG_STATUS: Record<EntityError['kind'], number> = {
  schema_violation: 400,
  primary_key_violation: 409,
  foreign_key_violation: 400,
  unique_violation: 409,
  not_found: 404,
  invalid_offset: 400,
  invalid_size: 400,
  invalid_unique: 400,
};

const DETAIL_TYPE = 'type.googleapis.com/kong.admin.model.v1.ErrorDetail';

function konnectDetails(err: EntityError): unknown[] {
  if (err.kind === 'schema_violation' && err.fields)
    return errorList(err.fields as ErrorTree).map(({ path, message }) =>
      path.isRoot
        ? { '@type': DETAIL_TYPE, type: 'ERROR_TYPE_ENTITY', messages: [message] }
        : { '@type': DETAIL_TYPE, type: 'ERROR_TYPE_FIELD', field: path.toString(), messages: [message] },
    );
  if (err.kind === 'invalid_unique')
    return [{ '@type': DETAIL_TYPE, type: 'ERROR_TYPE_FIELD', field: err.field, messages: [err.message] }];
  const field = Object.keys(err.fields ?? {})[0];
  if (err.kind === 'unique_violation' || err.kind === 'primary_key_violation')
    return [{ '@type': DETAIL_TYPE, type: 'ERROR_TYPE_REFERENCE', field, messages: [`${field} (type: unique) constraint failed`] }];
  if (err.kind === 'foreign_key_violation')
    return [{ '@type': DETAIL_TYPE, type: 'ERROR_TYPE_REFERENCE', field, messages: [err.message] }];
  return [{ '@type': DETAIL_TYPE, messages: [err.message] }];
}

export function errorResponse(err: EntityError, dialect: Dialect): EntityResponse {
  if (dialect === 'kong') {
    if (err.kind === 'not_found') return { status: 404, body: { message: 'Not found' } };
    if (err.kind === 'invalid_unique') return { status: 400, body: { code: err.code, name: err.name, message: err.message } };
    return { status: KONG_STATUS[err.kind], body: { code: err.code, name: err.name, message: err.message, fields: err.fields ?? {} } };
  }
  if (err.kind === 'not_found') return { status: 404, body: { code: 5, message: 'not found' } };
  const message =
    err.kind === 'schema_violation' || err.kind === 'invalid_offset' || err.kind === 'invalid_size' || err.kind === 'invalid_unique'
      ? 'validation error'
      : 'data constraint error';
  return {
    status: 400,
    body: { code: 3, message, details: konnectDetails(err), name: err.name, kong_message: err.message, fields: err.fields ?? {} },
  };
}
