// Validators: checks of one known, non-null config value. They add attribute diagnostics that
// name the attribute and say what is allowed; they never throw.
import type { AttributePath, Diagnostics } from '../../common/index.js';
import { CtyNumber, isUnknown, type CtyValue } from '../../cty/index.js';

export interface Validator {
  /** One sentence, used in docs ("must be between 1 and 65535"). */
  readonly description: string;
  validate(value: CtyValue, path: AttributePath, diags: Diagnostics): void;
}

/** Unicode code points (a surrogate pair counts once), without making an array of them. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
const quote = (v: string | number) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/** Levenshtein distance, for "did you mean" on enum values (short strings only). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The allowed value closest to a typo (at most a third of its length away), if any. */
function closest(value: string, allowed: readonly (string | number)[]): string | undefined {
  if (value.length > 200) return undefined;
  let best: { v: string; d: number } | undefined;
  for (const a of allowed) {
    const s = String(a);
    const d = distance(value.toLowerCase(), s.toLowerCase());
    if (d <= Math.max(1, Math.floor(s.length / 3)) && (!best || d < best.d)) best = { v: s, d };
  }
  return best?.v;
}

/** Whether `v` is one of `allowed` (strings compare as strings, numbers numerically); undefined for other types. */
function inEnum(v: CtyValue, allowed: readonly (string | number)[]): boolean | undefined {
  if (typeof v === 'string') return allowed.includes(v);
  if (v instanceof CtyNumber) return allowed.some((a) => typeof a === 'number' && v.compare(CtyNumber.from(a)) === 0);
  return undefined;
}

function enumProblem(v: CtyValue, path: AttributePath, allowed: readonly (string | number)[]): string | undefined {
  if (inEnum(v, allowed) !== false) return undefined;
  const hint = typeof v === 'string' ? closest(v, allowed) : undefined;
  return `${path.toString()} must be one of ${allowed.map(quote).join(', ')}${hint !== undefined ? `. Did you mean ${quote(typeof allowed[0] === 'number' ? Number(hint) : hint)}?` : '.'}`;
}

function make(description: string, ok: (v: CtyValue) => boolean | undefined): Validator {
  return {
    description,
    validate(value, path, diags) {
      if (ok(value) === false) diags.addAttributeError(path, 'Invalid Attribute Value', `${path.toString()} ${description}.`);
    },
  };
}

export const validate = {
  lengthBetween: (min: number, max: number) =>
    make(`must be ${min} to ${max} characters long`, (v) => (typeof v === 'string' ? codePoints(v) >= min && codePoints(v) <= max : undefined)),
  lengthAtMost: (max: number) => make(`must be at most ${max} characters long`, (v) => (typeof v === 'string' ? codePoints(v) <= max : undefined)),
  lengthAtLeast: (min: number) => make(`must be at least ${min} characters long`, (v) => (typeof v === 'string' ? codePoints(v) >= min : undefined)),
  between: (min: number, max: number) =>
    make(`must be between ${min} and ${max}`, (v) => (v instanceof CtyNumber ? v.compare(CtyNumber.from(min)) >= 0 && v.compare(CtyNumber.from(max)) <= 0 : undefined)),
  atLeast: (min: number) => make(`must be at least ${min}`, (v) => (v instanceof CtyNumber ? v.compare(CtyNumber.from(min)) >= 0 : undefined)),
  greaterThan: (min: number) => make(`must be greater than ${min}`, (v) => (v instanceof CtyNumber ? v.compare(CtyNumber.from(min)) > 0 : undefined)),
  startsWith: (prefix: string) => make(`must start with ${JSON.stringify(prefix)}`, (v) => (typeof v === 'string' ? v.startsWith(prefix) : undefined)),
  /** The value is one of `allowed` (strings or numbers); a near miss gets a "did you mean". */
  oneOf: (...allowed: (string | number)[]): Validator => ({
    description: `must be one of ${allowed.map(quote).join(', ')}`,
    validate(value, path, diags) {
      const problem = enumProblem(value, path, allowed);
      if (problem !== undefined) diags.addAttributeError(path, 'Invalid Attribute Value', problem);
    },
  }),
  /**
   * Every member of a list or set is one of `allowed`. List members are named by index; set
   * members have no index in an attribute path (`indexed: false`), so the set itself is named.
   */
  eachOneOf: (allowed: readonly (string | number)[], opts: { readonly indexed: boolean }): Validator => ({
    description: `each element must be one of ${allowed.map(quote).join(', ')}`,
    validate(value, path, diags) {
      if (!Array.isArray(value)) return;
      (value as readonly CtyValue[]).forEach((e, i) => {
        if (e === null || isUnknown(e)) return;
        const at = opts.indexed ? path.index(i) : path;
        const problem = enumProblem(e, at, allowed);
        if (problem !== undefined) diags.addAttributeError(at, 'Invalid Attribute Value', problem);
      });
    },
  }),
  sizeAtMost: (max: number) => make(`must have at most ${max} elements`, (v) => (Array.isArray(v) ? v.length <= max : undefined)),
  /** A custom rule: `check` returns an error detail, or undefined when the value is fine. */
  custom: (description: string, check: (v: CtyValue, path: AttributePath) => string | undefined): Validator => ({
    description,
    validate(value, path, diags) {
      const problem = check(value, path);
      if (problem !== undefined) diags.addAttributeError(path, 'Invalid Attribute Value', problem);
    },
  }),
};
