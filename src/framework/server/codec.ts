// DynamicValue ⇄ cty value, for the framework's RPCs. Terraform sends msgpack (JSON only as a
// fallback and in raw state); we always answer msgpack. A value that does not decode becomes an
// error diagnostic naming the RPC input.
import { isSafeError, type Diagnostics } from '../../common/index.js';
import { decodeJson, decodeMsgpack, encodeMsgpack, upgradeJsonState, type CtyType, type CtyValue } from '../../cty/index.js';
import type { DynamicValue } from '../../tfplugin/index.js';

export function decodeDynamic(dv: DynamicValue | undefined, type: CtyType, what: string, diags: Diagnostics): CtyValue | undefined {
  try {
    if (dv?.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
    if (dv?.json && dv.json.length > 0) return decodeJson(dv.json, type);
    return null;
  } catch (err) {
    // A codec error (AttributePathError) names where and what; anything else is a bug, whose
    // message is never shown: the guard reports it as an internal error (common/thrown.ts).
    if (!isSafeError(err)) throw err;
    diags.addError(`Invalid ${what}`, `Terraform sent a ${what} that does not match the schema: ${err.message}`);
    return undefined;
  }
}

export function encodeDynamic(value: CtyValue, type: CtyType): DynamicValue {
  return { msgpack: Buffer.from(encodeMsgpack(value, type)) };
}

/**
 * Stored state (RawState.json) → the current type, exact numbers kept. Attributes the schema no
 * longer has are dropped (core strips them itself when the version did not change).
 */
export function decodeJsonValue(bytes: Uint8Array, type: CtyType): CtyValue {
  return upgradeJsonState(bytes, type).value;
}
