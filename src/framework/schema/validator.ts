// Validators: checks of one known, non-null config value. They add attribute diagnostics that
// name the attribute and say what is allowed; they never throw.
import type { AttributePath, Diagnostics } from '../../common/index.js';
import { CtyNumber, type CtyValue } from '../../cty/index.js';

export interface Validator {
  /** One sentence, used in docs ("must be between 1 and 65535"). */
  readonly description: string;
  validate(value: CtyValue, path: AttributePath, diags: Diagnostics): void;
}

const codePoints = (s: string) => [...s].length;

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
  oneOf: (...allowed: string[]) =>
    make(`must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, (v) => (typeof v === 'string' ? allowed.includes(v) : undefined)),
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
