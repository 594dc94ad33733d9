// The generic msgpack layer both the value codec and the refinement codec stand on: a decoder
// whose extensions all come back as RawExt (unknowns), bounded by the input size, and the
// number forms cty uses (int, uint, float or decimal string in; compact int, float64 or string out).
import { Decoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { AttributePath, AttributePathError } from '../common/index.js';
import { CtyNumber } from './number.js';
import { describeRaw } from './wire-common.js';

const EXT_UNKNOWN = 0;
const EXT_REFINED = 12;

/** An extension value seen while decoding; every one of them is an unknown. */
export class RawExt {
  constructor(
    readonly code: number,
    readonly data: Uint8Array,
  ) {}
}

const extensionCodec = new ExtensionCodec();
for (const type of [EXT_UNKNOWN, EXT_REFINED]) {
  extensionCodec.register({ type, encode: () => null, decode: (data, code) => new RawExt(code, data) });
}
// The library pre-registers the msgpack timestamp (ext -1); for cty it is just another unknown.
extensionCodec.register({ type: -1, encode: () => null, decode: (data, code) => new RawExt(code, data) });

export function decoderFor(bytes: Uint8Array): Decoder<undefined> {
  // Every element takes at least one byte, so no length header may claim more than the input.
  const n = bytes.byteLength;
  return new Decoder({ extensionCodec, useBigInt64: true, maxStrLength: n, maxBinLength: n, maxArrayLength: n, maxMapLength: n, maxExtLength: n });
}

function fail(path: AttributePath, reason: string): never {
  throw new AttributePathError(path, reason);
}

export function isRawMap(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array) && !(raw instanceof RawExt) && !(raw instanceof ExtData);
}

export function numberFromRaw(raw: unknown, path: AttributePath): CtyNumber {
  if (typeof raw === 'bigint') return CtyNumber.from(raw);
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) fail(path, 'NaN is not a number value');
    // Integers (fixint/int/uint up to 2^53) are exact already; a float is exactly its binary value.
    return Number.isSafeInteger(raw) ? CtyNumber.from(raw) : CtyNumber.fromFloat64Exact(raw);
  }
  if (typeof raw === 'string') {
    const n = CtyNumber.parse(raw);
    if (!n) fail(path, `a number sent as a string must be a decimal, got ${describeRaw(raw)}`);
    return n;
  }
  return fail(path, `expected a number, got ${describeRaw(raw)}`);
}

export function numberToRaw(n: CtyNumber): number | bigint | string {
  const i = n.toInt64();
  if (i !== undefined) return i >= BigInt(Number.MIN_SAFE_INTEGER) && i <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(i) : i;
  if (n.isExactFloat64()) return n.toNumber();
  return n.toString();
}
