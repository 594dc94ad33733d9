// The cty type model: the types Terraform's values have on the wire.
//
// Primitive types are shared singletons; collection/structural types are small frozen objects
// built by the `cty.*` constructors. Compare types with `typeEquals`, never with `===` (two
// `cty.list(cty.string)` calls give two objects). `optional` on an object type is only meaningful
// in type constraints (function parameters); values of an object type always carry every attribute.

export type PrimitiveKind = 'string' | 'number' | 'bool';

export type CtyType =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'dynamic' }
  | { readonly kind: 'list'; readonly element: CtyType }
  | { readonly kind: 'set'; readonly element: CtyType }
  | { readonly kind: 'map'; readonly element: CtyType }
  | ObjectType
  | TupleType;

export interface ObjectType {
  readonly kind: 'object';
  /** Attribute name → type. Own enumerable properties only; names may be any string. */
  readonly attributes: Readonly<Record<string, CtyType>>;
  /** Names of optional attributes (type constraints only); sorted, a subset of `attributes`. */
  readonly optional: readonly string[];
}

export interface TupleType {
  readonly kind: 'tuple';
  readonly elements: readonly CtyType[];
}

export type ListType = Extract<CtyType, { kind: 'list' }>;
export type SetType = Extract<CtyType, { kind: 'set' }>;
export type MapType = Extract<CtyType, { kind: 'map' }>;
export type CollectionType = ListType | SetType | MapType;

const STRING: CtyType = Object.freeze({ kind: 'string' });
const NUMBER: CtyType = Object.freeze({ kind: 'number' });
const BOOL: CtyType = Object.freeze({ kind: 'bool' });
const DYNAMIC: CtyType = Object.freeze({ kind: 'dynamic' });

/** Builds an own-property record safely, even for a key named `__proto__`. */
function record<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  return Object.fromEntries(entries) as Record<string, V>;
}

/** Type constructors, named like Go's cty package: `cty.list(cty.string)`. */
export const cty = Object.freeze({
  string: STRING,
  number: NUMBER,
  bool: BOOL,
  /** DynamicPseudoType: "any type, decided at runtime" (`"dynamic"` in type JSON). */
  dynamic: DYNAMIC,
  list: (element: CtyType): CtyType => Object.freeze({ kind: 'list', element }),
  set: (element: CtyType): CtyType => Object.freeze({ kind: 'set', element }),
  map: (element: CtyType): CtyType => Object.freeze({ kind: 'map', element }),
  object: (attributes: Readonly<Record<string, CtyType>>, optional: readonly string[] = []): ObjectType => {
    const attrs = record(Object.entries(attributes));
    for (const name of optional) {
      if (!Object.hasOwn(attrs, name)) throw new TypeError(`optional attribute "${name}" is not an attribute of the object type`);
    }
    return Object.freeze({
      kind: 'object',
      attributes: Object.freeze(attrs),
      optional: Object.freeze([...new Set(optional)].sort(compareNames)),
    });
  },
  tuple: (elements: readonly CtyType[]): TupleType => Object.freeze({ kind: 'tuple', elements: Object.freeze([...elements]) }),
});

/** Byte-wise (UTF-8) order, as Go's sort.Strings orders attribute names and map keys. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const len = Math.min(a.length, b.length);
  let i = 0;
  while (i < len && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === len) return a.length < b.length ? -1 : 1;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  // UTF-16 unit order equals code point (= UTF-8 byte) order except that a surrogate (an astral
  // character, U+10000 and up) sorts below U+E000–U+FFFF in UTF-16 but above them in UTF-8.
  const sa = ca >= 0xd800 && ca <= 0xdfff;
  const sb = cb >= 0xd800 && cb <= 0xdfff;
  if (sa !== sb && (sa ? cb : ca) >= 0xe000) return sa ? 1 : -1;
  return ca < cb ? -1 : 1;
}

const sortedNames = new WeakMap<ObjectType, readonly string[]>();

/** Attribute names of an object type in wire order (sorted); cached per type, do not mutate. */
export function attributeNames(t: ObjectType): readonly string[] {
  let names = sortedNames.get(t);
  if (names === undefined) {
    names = Object.freeze(Object.keys(t.attributes).sort(compareNames));
    sortedNames.set(t, names);
  }
  return names;
}

export function isPrimitive(t: CtyType): t is Extract<CtyType, { kind: PrimitiveKind }> {
  return t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
}

export function isCollection(t: CtyType): t is CollectionType {
  return t.kind === 'list' || t.kind === 'set' || t.kind === 'map';
}

/** Structural type equality (object attribute order is irrelevant; optional markers count). */
export function typeEquals(a: CtyType, b: CtyType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'dynamic':
      return true;
    case 'list':
    case 'set':
    case 'map':
      return typeEquals(a.element, (b as CollectionType).element);
    case 'tuple': {
      const be = (b as TupleType).elements;
      return a.elements.length === be.length && a.elements.every((t, i) => typeEquals(t, be[i]!));
    }
    case 'object': {
      const bo = b as ObjectType;
      const an = Object.keys(a.attributes);
      if (an.length !== Object.keys(bo.attributes).length) return false;
      if (a.optional.length !== bo.optional.length || a.optional.some((n, i) => n !== bo.optional[i])) return false;
      return an.every((n) => Object.hasOwn(bo.attributes, n) && typeEquals(a.attributes[n]!, bo.attributes[n]!));
    }
  }
}

/** A short human name for error messages: `list of string`, `object`, `tuple of 2 elements`. */
export function typeName(t: CtyType): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind} of ${typeName(t.element)}`;
    case 'tuple':
      return `tuple of ${t.elements.length} element${t.elements.length === 1 ? '' : 's'}`;
    case 'dynamic':
      return 'dynamic value';
    default:
      return t.kind;
  }
}

/** True when the type contains the dynamic pseudo-type anywhere. */
export function hasDynamic(t: CtyType): boolean {
  switch (t.kind) {
    case 'dynamic':
      return true;
    case 'list':
    case 'set':
    case 'map':
      return hasDynamic(t.element);
    case 'tuple':
      return t.elements.some(hasDynamic);
    case 'object':
      return Object.values(t.attributes).some(hasDynamic);
    default:
      return false;
  }
}
