// Type JSON ↔ cty types, as Terraform writes `Schema.Attribute.type` and a dynamic value's type:
// `"string"`, `["list","string"]`, `["object",{"a":"string"},["a"]]`, `["tuple",["string"]]`.
// Malformed type JSON is an AttributePathError at the root naming what is wrong.
import { AttributePath, AttributePathError } from '../common/index.js';
import { attributeNames, cty, type CtyType } from './types.js';

/** Nesting deeper than this is refused (no real schema comes close; protects the stack). */
export const MAX_TYPE_DEPTH = 64;

function fail(reason: string): never {
  throw new AttributePathError(AttributePath.root, `invalid type JSON: ${reason}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function fromParsed(v: unknown, depth: number): CtyType {
  if (depth > MAX_TYPE_DEPTH) fail(`types nest deeper than ${MAX_TYPE_DEPTH} levels`);
  if (typeof v === 'string') {
    switch (v) {
      case 'string':
        return cty.string;
      case 'number':
        return cty.number;
      case 'bool':
        return cty.bool;
      case 'dynamic':
        return cty.dynamic;
      default:
        return fail(`unknown primitive type ${describe(v)} (expected "string", "number", "bool" or "dynamic")`);
    }
  }
  if (!Array.isArray(v)) return fail(`a type is a string or an array, got ${describe(v)}`);
  const [kind, arg, extra] = v as unknown[];
  if (typeof kind !== 'string') return fail(`the first element of a type array is its kind, got ${describe(kind)}`);
  switch (kind) {
    case 'list':
    case 'set':
    case 'map': {
      if (v.length !== 2) return fail(`["${kind}", T] takes exactly one element type, got ${v.length - 1} arguments`);
      const element = fromParsed(arg, depth + 1);
      return kind === 'list' ? cty.list(element) : kind === 'set' ? cty.set(element) : cty.map(element);
    }
    case 'tuple': {
      if (v.length !== 2) return fail(`["tuple", [T…]] takes exactly one array of element types, got ${v.length - 1} arguments`);
      if (!Array.isArray(arg)) return fail(`a tuple's element types must be an array, got ${describe(arg)}`);
      return cty.tuple(arg.map((t) => fromParsed(t, depth + 1)));
    }
    case 'object': {
      if (v.length !== 2 && v.length !== 3) {
        return fail(`["object", {attrs}] takes the attribute types and optionally the optional names, got ${v.length - 1} arguments`);
      }
      if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) {
        return fail(`an object's attribute types must be a JSON object, got ${describe(arg)}`);
      }
      const attrs = Object.entries(arg as Record<string, unknown>).map(([name, t]) => [name, fromParsed(t, depth + 1)] as const);
      const attributes = Object.fromEntries(attrs) as Record<string, CtyType>;
      let optional: string[] = [];
      if (v.length === 3) {
        if (!Array.isArray(extra) || !extra.every((n) => typeof n === 'string')) {
          return fail(`an object's optional attributes must be an array of names, got ${describe(extra)}`);
        }
        for (const n of extra as string[]) {
          if (!Object.hasOwn(attributes, n)) return fail(`optional attribute ${describe(n)} is not one of the object's attributes`);
        }
        optional = extra as string[];
      }
      return cty.object(attributes, optional);
    }
    default:
      return fail(`unknown type kind ${describe(kind)} (expected "list", "set", "map", "object" or "tuple")`);
  }
}

/** Type JSON that is already parsed (`"string"` here is the JS string string, not JSON text). */
export function typeFromParsed(parsed: unknown): CtyType {
  return fromParsed(parsed, 0);
}

/**
 * Parses type JSON given as bytes (as `Schema.Attribute.type` carries it), as a JSON string, or
 * already parsed (arrays only: a JS string is always taken as JSON text; use typeFromParsed for
 * a parsed primitive name). Throws AttributePathError (root path) for anything malformed.
 */
export function typeFromJson(input: Uint8Array | string | unknown): CtyType {
  let parsed: unknown = input;
  if (input instanceof Uint8Array || typeof input === 'string') {
    const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
    if (text.trim() === '') fail('empty (a type is e.g. "string" with the quotes)');
    try {
      parsed = JSON.parse(text);
    } catch {
      fail(`not valid JSON (a type is e.g. "string" with the quotes or ["list","string"])`);
    }
  }
  return fromParsed(parsed, 0);
}

function toText(t: CtyType): string {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'dynamic':
      return `"${t.kind}"`;
    case 'list':
    case 'set':
    case 'map':
      return `["${t.kind}",${toText(t.element)}]`;
    case 'tuple':
      return `["tuple",[${t.elements.map(toText).join(',')}]]`;
    case 'object': {
      // Written by hand (not JSON.stringify of an object) so attribute names stay in cty's sorted
      // order even when they look like integers, which JS objects would reorder.
      const attrs = attributeNames(t).map((n) => `${JSON.stringify(n)}:${toText(t.attributes[n]!)}`);
      const optional = t.optional.length > 0 ? `,[${t.optional.map((n) => JSON.stringify(n)).join(',')}]` : '';
      return `["object",{${attrs.join(',')}}${optional}]`;
    }
  }
}

/** The compact type JSON as a string: `"string"` (with quotes), `["list","number"]`. */
export function typeToJsonString(t: CtyType): string {
  return toText(t);
}

/** The compact type JSON as bytes, ready for `Schema.Attribute.type` or a dynamic value's type. */
export function typeToJson(t: CtyType): Buffer {
  return Buffer.from(typeToJsonString(t), 'utf8');
}
