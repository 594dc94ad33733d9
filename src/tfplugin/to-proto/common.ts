// Shared pieces of outgoing messages: DynamicValue, Deferred, ServerCapabilities.
import type { Deferred, DynamicValue, ServerCapabilities } from '../types/index.js';
import type { PResponse } from '../grpc/proto-messages.js';

export function dynamicValue(v: DynamicValue | undefined): PResponse | undefined {
  if (!v) return undefined;
  return { msgpack: v.msgpack ?? Buffer.alloc(0), json: v.json ?? Buffer.alloc(0) };
}

export function deferred(d: Deferred | undefined): PResponse | undefined {
  return d ? { reason: d.reason } : undefined;
}

export function serverCapabilities(c: ServerCapabilities | undefined): PResponse {
  return {
    plan_destroy: c?.planDestroy === true,
    get_provider_schema_optional: c?.getProviderSchemaOptional === true,
    move_resource_state: c?.moveResourceState === true,
  };
}
