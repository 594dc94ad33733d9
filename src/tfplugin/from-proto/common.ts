// Shared pieces of incoming messages: DynamicValue, RawState, ClientCapabilities, bytes.
import type { ClientCapabilities, DynamicValue, RawState } from '../types/index.js';
import type { PClientCapabilities, PDynamicValue, PRawState } from '../grpc/proto-messages.js';

const EMPTY = Buffer.alloc(0);

export function dynamicValue(p: unknown): DynamicValue {
  const v = (p ?? {}) as PDynamicValue;
  const out: { msgpack?: Buffer; json?: Buffer } = {};
  if (v.msgpack && v.msgpack.length > 0) out.msgpack = v.msgpack;
  if (v.json && v.json.length > 0) out.json = v.json;
  return out;
}

export function rawState(p: unknown): RawState {
  const v = (p ?? {}) as PRawState;
  const out: { json?: Buffer; flatmap?: Record<string, string> } = {};
  if (v.json && v.json.length > 0) out.json = v.json;
  if (v.flatmap && Object.keys(v.flatmap).length > 0) out.flatmap = v.flatmap;
  return out;
}

export function clientCapabilities(p: unknown): ClientCapabilities {
  const v = (p ?? {}) as PClientCapabilities;
  return { deferralAllowed: v.deferral_allowed === true, writeOnlyAttributesAllowed: v.write_only_attributes_allowed === true };
}

export const bytes = (p: unknown): Buffer => (Buffer.isBuffer(p) ? p : EMPTY);
export const str = (p: unknown): string => (typeof p === 'string' ? p : '');
export const num = (p: unknown): number => (typeof p === 'number' ? p : Number(p ?? 0));
