// cty/: Terraform's value system — types (and their type JSON), the JS value model (exact
// numbers, unknowns with refinements, dynamic values), paths into values, and the two wire
// encodings, msgpack and JSON, plus UpgradeResourceState's raw-JSON upgrade. Imports only common/.
// Malformed input always becomes an AttributePathError naming where and what, never a crash.
export {
  cty,
  typeEquals,
  typeName,
  attributeNames,
  compareNames,
  isPrimitive,
  isCollection,
  hasDynamic,
  type CtyType,
  type ObjectType,
  type TupleType,
  type ListType,
  type SetType,
  type MapType,
  type CollectionType,
  type PrimitiveKind,
} from './types.js';
export { typeFromJson, typeFromParsed, typeToJson, typeToJsonString, MAX_TYPE_DEPTH } from './type-json.js';
export { CtyNumber, MAX_NUMBER_TEXT } from './number.js';
export { Unknown, isUnknown, type Refinements, type NumberBound } from './unknown.js';
export {
  DynamicValue,
  dynamicValue,
  nullFor,
  nullAttributes,
  isWhollyKnown,
  valueEquals,
  valueKey,
  dedupeSet,
  uniqueIndexes,
  isObjectValue,
  type CtyValue,
  type CtyObjectValue,
} from './value.js';
export { getAt, setAt, walk, stepType, type TypedValue, type WalkVisitor } from './path.js';
export { decodeMsgpack, encodeMsgpack } from './msgpack.js';
export { MAX_REFINEMENT_PAYLOAD } from './msgpack-refinements.js';
export { MAX_VALUE_DEPTH } from './wire-common.js';
export { decodeJson, encodeJson, type JsonDecodeOptions } from './json.js';
export { upgradeJsonState, type UpgradedState } from './upgrade.js';
