// CtyNumber: a cty number as an exact decimal. Terraform numbers are arbitrary-precision, so a
// JS float64 would lose digits of 12345678901234567890 or 0.1-style decimals. We keep
// sign × coefficient (bigint, no trailing zeros) × 10^exponent, plus ±Infinity, and print a
// canonical decimal text. Hand-written rather than a decimal library because we need only exact
// parse/print/compare plus the two wire questions ("exact int64?", "exactly a float64?"), and
// the codecs must answer them without a dependency shared by every engineer.

/** Longest number text accepted (cty keeps 512-bit mantissas, ~155 digits; far below this). */
export const MAX_NUMBER_TEXT = 4096;
const MAX_EXPONENT = 1_000_000_000;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const NUMBER_RE = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const INF_RE = /^([+-])?inf(?:inity)?$/i;

export class CtyNumber {
  private textCache: string | undefined;

  private constructor(
    /** -1, 0 or 1; 0 only for zero. */
    private readonly sign: -1 | 0 | 1,
    /** Decimal digits of the coefficient, no leading or trailing zeros ('' for zero and infinities). */
    private readonly digits: string,
    private readonly exponent: number,
    private readonly infinite: boolean,
  ) {}

  static readonly zero = new CtyNumber(0, '', 0, false);
  static readonly positiveInfinity = new CtyNumber(1, '', 0, true);
  static readonly negativeInfinity = new CtyNumber(-1, '', 0, true);

  /**
   * Parses a decimal text (`12`, `-1.50`, `1e-7`, `.5`, `Infinity`); undefined when it is not one.
   */
  static parse(text: string): CtyNumber | undefined {
    if (text.length === 0 || text.length > MAX_NUMBER_TEXT) return undefined;
    const inf = INF_RE.exec(text);
    if (inf) return inf[1] === '-' ? CtyNumber.negativeInfinity : CtyNumber.positiveInfinity;
    const m = NUMBER_RE.exec(text);
    if (!m) return undefined;
    const [, signText, intPart, fracPart, onlyFrac, expText] = m;
    const whole = intPart ?? '';
    const frac = fracPart ?? onlyFrac ?? '';
    let exp = expText === undefined ? 0 : Number(expText);
    if (!Number.isFinite(exp) || Math.abs(exp) > MAX_EXPONENT) return undefined;
    let digits = (whole + frac).replace(/^0+/, '');
    exp -= frac.length;
    if (digits === '') return CtyNumber.zero;
    const stripped = digits.replace(/0+$/, '');
    exp += digits.length - stripped.length;
    digits = stripped;
    return new CtyNumber(signText === '-' ? -1 : 1, digits, exp, false);
  }

  /** From a JS number (shortest round-trip decimal), bigint or decimal text. Throws TypeError if invalid. */
  static from(v: number | bigint | string | CtyNumber): CtyNumber {
    if (v instanceof CtyNumber) return v;
    if (typeof v === 'number') {
      if (Number.isNaN(v)) throw new TypeError('NaN is not a cty number');
      if (v === Infinity) return CtyNumber.positiveInfinity;
      if (v === -Infinity) return CtyNumber.negativeInfinity;
    }
    // Integers beyond 2^53 print rounded (String(2 ** 64) is "18446744073709552000"): use the exact value.
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return CtyNumber.from(BigInt(v));
    const parsed = CtyNumber.parse(typeof v === 'string' ? v : String(v));
    if (!parsed) throw new TypeError(`${JSON.stringify(String(v).slice(0, 60))} is not a decimal number`);
    return parsed;
  }

  /**
   * The exact value of a float64, every binary digit written out (0.1 as a float64 is
   * 0.1000000000000000055511151231257827021181583404541015625). Wire decoders use this: cty reads
   * a float as exactly its binary value, so the decimal must not be the shortest round-trip text.
   */
  static fromFloat64Exact(f: number): CtyNumber {
    if (Number.isNaN(f)) throw new TypeError('NaN is not a cty number');
    if (!Number.isFinite(f)) return f < 0 ? CtyNumber.negativeInfinity : CtyNumber.positiveInfinity;
    if (f === 0) return CtyNumber.zero;
    const { mantissa, exp2 } = decomposeFloat(Math.abs(f));
    const sign = f < 0 ? '-' : '';
    // m × 2^e = m × 5^-e × 10^e for negative e.
    const text = exp2 >= 0 ? `${sign}${mantissa << BigInt(exp2)}` : `${sign}${mantissa * 5n ** BigInt(-exp2)}e${exp2}`;
    return CtyNumber.parse(text)!;
  }

  get isInfinite(): boolean {
    return this.infinite;
  }

  get isNegative(): boolean {
    return this.sign < 0;
  }

  get isZero(): boolean {
    return this.sign === 0;
  }

  get isInteger(): boolean {
    return !this.infinite && (this.sign === 0 || this.exponent >= 0);
  }

  /** The exact integer, or undefined when not an integer (or absurdly large: over 4096 digits). */
  toBigInt(): bigint | undefined {
    if (!this.isInteger) return undefined;
    if (this.sign === 0) return 0n;
    if (this.digits.length + this.exponent > MAX_NUMBER_TEXT) return undefined;
    const magnitude = BigInt(this.digits) * 10n ** BigInt(this.exponent);
    return this.sign < 0 ? -magnitude : magnitude;
  }

  /** The exact value as an int64 bigint, or undefined when it is not an integer in int64 range. */
  toInt64(): bigint | undefined {
    if (!this.isInteger || this.digits.length + this.exponent > 19) return undefined;
    const n = this.toBigInt();
    return n !== undefined && n >= INT64_MIN && n <= INT64_MAX ? n : undefined;
  }

  /** The nearest float64 (correctly rounded by the JS number parser). */
  toNumber(): number {
    if (this.infinite) return this.sign < 0 ? -Infinity : Infinity;
    return Number(this.toString());
  }

  /** True when a float64 holds exactly this value (±Infinity included). */
  isExactFloat64(): boolean {
    if (this.infinite || this.sign === 0) return true;
    const f = this.toNumber();
    if (!Number.isFinite(f) || f === 0) return false; // overflowed or underflowed
    // f = m × 2^k exactly; compare m × 2^k with digits × 10^exponent as integers.
    const { mantissa, exp2 } = decomposeFloat(Math.abs(f));
    let left = BigInt(this.digits);
    let right = mantissa;
    if (this.exponent >= 0) left *= 10n ** BigInt(this.exponent);
    else right *= 10n ** BigInt(-this.exponent);
    if (exp2 >= 0) right <<= BigInt(exp2);
    else left <<= BigInt(-exp2);
    return left === right;
  }

  equals(other: CtyNumber): boolean {
    return (
      this.sign === other.sign && this.infinite === other.infinite && this.digits === other.digits && this.exponent === other.exponent
    );
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  compare(other: CtyNumber): -1 | 0 | 1 {
    if (this.sign !== other.sign) return this.sign < other.sign ? -1 : 1;
    if (this.sign === 0) return 0;
    const mag = compareMagnitude(this, other);
    return (this.sign > 0 ? mag : -mag) as -1 | 0 | 1;
  }

  /**
   * Canonical decimal text: `0`, `-12`, `0.1`, `1.5`, `12345678901234567890`, `1e+400`,
   * `Infinity`/`-Infinity`. Equal numbers print identically.
   */
  toString(): string {
    if (this.textCache !== undefined) return this.textCache;
    let out: string;
    if (this.infinite) out = this.sign < 0 ? '-Infinity' : 'Infinity';
    else if (this.sign === 0) out = '0';
    else {
      const d = this.digits;
      const e = this.exponent;
      const point = d.length + e; // digits before the decimal point
      let body: string;
      if (e >= 0 && point <= 40) body = d + '0'.repeat(e);
      else if (e < 0 && point > 0) body = `${d.slice(0, point)}.${d.slice(point)}`;
      else if (e < 0 && point > -20) body = `0.${'0'.repeat(-point)}${d}`;
      else {
        const sci = point - 1;
        body = `${d[0]}${d.length > 1 ? `.${d.slice(1)}` : ''}e${sci < 0 ? '-' : '+'}${Math.abs(sci)}`;
      }
      out = this.sign < 0 ? `-${body}` : body;
    }
    this.textCache = out;
    return out;
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `CtyNumber(${this.toString()})`;
  }

  /** @internal */
  static magnitudeParts(n: CtyNumber): { digits: string; exponent: number; infinite: boolean } {
    return { digits: n.digits, exponent: n.exponent, infinite: n.infinite };
  }
}

function compareMagnitude(a: CtyNumber, b: CtyNumber): -1 | 0 | 1 {
  const pa = CtyNumber.magnitudeParts(a);
  const pb = CtyNumber.magnitudeParts(b);
  if (pa.infinite || pb.infinite) return pa.infinite === pb.infinite ? 0 : pa.infinite ? 1 : -1;
  const ma = pa.digits.length + pa.exponent;
  const mb = pb.digits.length + pb.exponent;
  if (ma !== mb) return ma < mb ? -1 : 1;
  // Same order of magnitude: compare digit strings padded to the same length.
  const len = Math.max(pa.digits.length, pb.digits.length);
  const da = pa.digits.padEnd(len, '0');
  const db = pb.digits.padEnd(len, '0');
  return da === db ? 0 : da < db ? -1 : 1;
}

/** A positive finite float64 as mantissa × 2^exp2 with an integer mantissa. */
function decomposeFloat(f: number): { mantissa: bigint; exp2: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exp2: -1074 }; // subnormal
  return { mantissa: fraction | (1n << 52n), exp2: biased - 1075 };
}
