// DynamicValue ⇄ cty value, for the framework's RPCs. Terraform sends msgpack (JSON only as a
// fallback and in raw state); we always answer msgpack. A value that does not decode becomes an
// error diagnostic naming the RPC input.
import { AttributePathError, Diagnostics } from '../../common/index.js';
import { decodeMsgpack, encodeMsgpack, type CtyType, type CtyValue } from '../../cty/index.js';
import type { DynamicValue } from '../../tfplugin/index.js';
import { fromJs, type JsValue } from '../values.js';

export function decodeDynamic(dv: DynamicValue | undefined, type: CtyType, what: string, diags: Diagnostics): CtyValue | undefined {
  try {
    if (dv?.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
    if (dv?.json && dv.json.length > 0) return decodeJsonValue(dv.json, type);
    return null;
  } catch (err) {
    const detail = err instanceof AttributePathError ? err.message : err instanceof Error ? err.message : String(err);
    diags.addError(`Invalid ${what}`, `Terraform sent a ${what} that does not match the schema: ${detail}`);
    return undefined;
  }
}

export function encodeDynamic(value: CtyValue, type: CtyType): DynamicValue {
  return { msgpack: Buffer.from(encodeMsgpack(value, type)) };
}

/**
 * JSON (raw state, the rare JSON DynamicValue) → value. Parsed with JSON.parse, then typed by
 * fromJs; numbers beyond 2^53 lose precision here, which no attribute of ours can hold.
 * TODO(cty): switch to the cty JSON decoder once src/cty exports one.
 */
export function decodeJsonValue(bytes: Uint8Array, type: CtyType): CtyValue {
  return fromJs(JSON.parse(Buffer.from(bytes).toString('utf8')) as JsValue, type);
}
