// Values for log lines: the schema decides what is secret. Sensitive and write-only attributes
// (and everything below them) print as "(sensitive)"; unknowns print as "(unknown)". This is the
// only way the framework logs a value.
import { isObjectValue, isUnknown, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import { toJs } from '../values.js';
import type { CompiledObject } from './compile.js';

const REDACTED = '(sensitive)';

export function redactForLog(obj: CompiledObject, value: CtyValue): unknown {
  if (value === null) return null;
  if (isUnknown(value)) return '(unknown)';
  if (!isObjectValue(value)) return REDACTED; // not an object of this schema: print nothing of it
  const out: Record<string, unknown> = {};
  for (const [n, a] of Object.entries(obj.attributes)) {
    const v = (value as CtyObjectValue)[n] ?? null;
    if (v === null) out[n] = null;
    else if (a.sensitive || a.writeOnly) out[n] = REDACTED;
    else if (isUnknown(v)) out[n] = '(unknown)';
    else if (a.nested) {
      if (a.nesting === 'SINGLE') out[n] = redactForLog(a.nested, v);
      else if (Array.isArray(v)) out[n] = (v as readonly CtyValue[]).map((e) => redactForLog(a.nested!, e));
      else out[n] = Object.fromEntries(Object.entries(v as CtyObjectValue).map(([k, e]) => [k, redactForLog(a.nested!, e)]));
    } else out[n] = stringifyUnknowns(toJs(v, a.type));
  }
  return out;
}

function stringifyUnknowns(v: unknown): unknown {
  if (isUnknown(v)) return '(unknown)';
  if (Array.isArray(v)) return v.map(stringifyUnknowns);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, stringifyUnknowns(e)]));
  return v;
}
