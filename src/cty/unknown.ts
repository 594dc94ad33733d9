// Unknown: a value that will be decided only during apply, optionally with refinements that
// narrow it (Terraform's "refined unknowns", msgpack ext 12). `Unknown.plain` is the shared
// unrefined instance; `isUnknown(v)` is the check (instanceof, so refined ones count too).
import { CtyNumber } from './number.js';

export interface NumberBound {
  readonly value: CtyNumber;
  readonly inclusive: boolean;
}

/** What is known about an unknown value. Every field is optional; none set = unrefined. */
export interface Refinements {
  /** true: definitely not null (wire key 1 = false). */
  readonly notNull?: boolean;
  /** string only: the final string starts with this. */
  readonly stringPrefix?: string;
  /** number only: lower / upper bound. */
  readonly numberLower?: NumberBound;
  readonly numberUpper?: NumberBound;
  /** list/set/map only: inclusive bounds on the number of elements. */
  readonly lengthMin?: number;
  readonly lengthMax?: number;
}

export class Unknown {
  /** The wholly unknown value with no refinements (wire: `d4 00 00`). */
  static readonly plain = new Unknown({});

  readonly refinements: Readonly<Refinements>;

  private constructor(refinements: Refinements) {
    this.refinements = Object.freeze({ ...refinements });
  }

  /** An unknown with these refinements; with none it is `Unknown.plain`. */
  static refined(refinements: Refinements): Unknown {
    const r: { -readonly [K in keyof Refinements]: Refinements[K] } = {};
    if (refinements.notNull === true) r.notNull = true;
    if (refinements.stringPrefix !== undefined && refinements.stringPrefix !== '') r.stringPrefix = refinements.stringPrefix;
    if (refinements.numberLower !== undefined && !isUnboundedBound(refinements.numberLower, -1)) r.numberLower = refinements.numberLower;
    if (refinements.numberUpper !== undefined && !isUnboundedBound(refinements.numberUpper, 1)) r.numberUpper = refinements.numberUpper;
    if (refinements.lengthMin !== undefined && refinements.lengthMin > 0) r.lengthMin = refinements.lengthMin;
    if (refinements.lengthMax !== undefined) r.lengthMax = refinements.lengthMax;
    return Object.keys(r).length === 0 ? Unknown.plain : new Unknown(r);
  }

  get isRefined(): boolean {
    return this !== Unknown.plain && Object.keys(this.refinements).length > 0;
  }

  /** Same refinements (order-free, numbers compared exactly). */
  equals(other: Unknown): boolean {
    const a = this.refinements;
    const b = other.refinements;
    return (
      a.notNull === b.notNull &&
      a.stringPrefix === b.stringPrefix &&
      boundEquals(a.numberLower, b.numberLower) &&
      boundEquals(a.numberUpper, b.numberUpper) &&
      a.lengthMin === b.lengthMin &&
      a.lengthMax === b.lengthMax
    );
  }

  /** A stable text for hashing / comparing. */
  key(): string {
    const r = this.refinements;
    const parts: string[] = [];
    if (r.notNull) parts.push('!null');
    if (r.stringPrefix !== undefined) parts.push(`prefix=${JSON.stringify(r.stringPrefix)}`);
    if (r.numberLower) parts.push(`${r.numberLower.inclusive ? '>=' : '>'}${r.numberLower.value}`);
    if (r.numberUpper) parts.push(`${r.numberUpper.inclusive ? '<=' : '<'}${r.numberUpper.value}`);
    if (r.lengthMin !== undefined) parts.push(`len>=${r.lengthMin}`);
    if (r.lengthMax !== undefined) parts.push(`len<=${r.lengthMax}`);
    return `unknown(${parts.join(',')})`;
  }

  toString(): string {
    return this.key();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.key();
  }
}

function boundEquals(a: NumberBound | undefined, b: NumberBound | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.inclusive === b.inclusive && a.value.equals(b.value);
}

/** -Infinity as a lower bound (or +Infinity as an upper one) says nothing. */
function isUnboundedBound(b: NumberBound, direction: -1 | 1): boolean {
  return b.value.isInfinite && (direction < 0 ? b.value.isNegative : !b.value.isNegative);
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}
