// cty values ↔ JSON, as in DynamicValue.json, RawState.json and MoveResourceState (digest §2.4).
// Numbers keep every digit both ways (read by the lossless json-reader, written from
// CtyNumber's exact text). Objects: missing attributes decode as null, unknown ones are an error
// (or, for state upgrades, dropped and reported). Dynamic values are {"value": v, "type": t}.
// Like cty, primitives convert leniently on decode: a string attribute takes a JSON number or
// bool (as its text), a number takes a decimal string, a bool takes "true"/"false".
// JSON cannot carry unknowns: the encoder refuses them.
import { AttributePath, AttributePathError } from '../common/index.js';
import { JsonNumber, readJson, toPlain, type JsonNode } from './json-reader.js';
import { CtyNumber } from './number.js';
import { typeFromParsed, typeToJsonString } from './type-json.js';
import { attributeNames, compareNames, type CtyType } from './types.js';
import { Unknown } from './unknown.js';
import { dedupeSet, DynamicValue, getOwn, setOwn, uniqueIndexes, type CtyValue } from './value.js';
import { describeRaw, encodeAttributes, MAX_VALUE_DEPTH, numberFromHost, tooDeep } from './wire-common.js';

export interface JsonDecodeOptions {
  /**
   * Called for each object attribute the type does not have; when given, such attributes are
   * dropped instead of being an error (UpgradeResourceState uses this).
   */
  readonly onUnsupportedAttribute?: (path: AttributePath) => void;
}

function fail(path: AttributePath, reason: string): never {
  throw new AttributePathError(path, reason);
}

function isNodeObject(n: JsonNode): n is { [key: string]: JsonNode } {
  return n !== null && typeof n === 'object' && !Array.isArray(n) && !(n instanceof JsonNumber);
}

function describeNode(n: JsonNode): string {
  if (n instanceof JsonNumber) return `the number ${n.text.slice(0, 40)}`;
  if (isNodeObject(n)) return 'a JSON object';
  return describeRaw(n);
}

/** Decodes JSON text or UTF-8 bytes against a type. Throws AttributePathError for anything malformed. */
export function decodeJson(input: Uint8Array | string, type: CtyType, options: JsonDecodeOptions = {}): CtyValue {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  const node = readJson(text, MAX_VALUE_DEPTH * 2 + 8);
  return fromNode(node, type, AttributePath.root, 0, options);
}

function fromNode(node: JsonNode, type: CtyType, path: AttributePath, depth: number, options: JsonDecodeOptions): CtyValue {
  if (depth > MAX_VALUE_DEPTH) tooDeep(path);
  if (node === null) return null;
  switch (type.kind) {
    case 'string':
      if (typeof node === 'string') return node;
      if (node instanceof JsonNumber) return CtyNumber.parse(node.text)?.toString() ?? node.text;
      if (typeof node === 'boolean') return String(node);
      return fail(path, `expected a string, got ${describeNode(node)}`);
    case 'bool':
      if (typeof node === 'boolean') return node;
      if (node === 'true' || node === 'false') return node === 'true';
      return fail(path, `expected a bool, got ${describeNode(node)}`);
    case 'number': {
      const parsed = node instanceof JsonNumber || typeof node === 'string' ? CtyNumber.parse(node instanceof JsonNumber ? node.text : node) : undefined;
      if (parsed) return parsed;
      if (typeof node === 'string') return fail(path, `a number given as a string must be a decimal, got ${describeNode(node)}`);
      return fail(path, `expected a number, got ${describeNode(node)}`);
    }
    case 'list':
    case 'set': {
      if (!Array.isArray(node)) return fail(path, `expected a ${type.kind} (JSON array), got ${describeNode(node)}`);
      const out = node.map((e, i) => fromNode(e, type.element, path.index(i), depth + 1, options));
      return type.kind === 'set' ? dedupeSet(out, type.element) : out;
    }
    case 'tuple': {
      if (!Array.isArray(node)) return fail(path, `expected a tuple (JSON array), got ${describeNode(node)}`);
      if (node.length !== type.elements.length) fail(path, `a tuple of ${type.elements.length} elements is required (${node.length} given)`);
      return node.map((e, i) => fromNode(e, type.elements[i]!, path.index(i), depth + 1, options));
    }
    case 'map': {
      if (!isNodeObject(node)) return fail(path, `expected a map (JSON object), got ${describeNode(node)}`);
      const out: Record<string, CtyValue> = {};
      for (const k of Object.keys(node)) setOwn(out, k, fromNode(node[k]!, type.element, path.key(k), depth + 1, options));
      return out;
    }
    case 'object': {
      if (!isNodeObject(node)) return fail(path, `expected an object (JSON object), got ${describeNode(node)}`);
      for (const k of Object.keys(node)) {
        if (Object.hasOwn(type.attributes, k)) continue;
        if (options.onUnsupportedAttribute) options.onUnsupportedAttribute(path.attr(k));
        else fail(path.attr(k), `unsupported attribute "${k}"`);
      }
      const out: Record<string, CtyValue> = {};
      for (const n of attributeNames(type)) {
        const child = getOwn(node, n) as JsonNode | undefined;
        setOwn(out, n, child === undefined ? null : fromNode(child, type.attributes[n]!, path.attr(n), depth + 1, options));
      }
      return out;
    }
    case 'dynamic': {
      if (!isNodeObject(node)) return fail(path, `expected a dynamic value as {"value": …, "type": …}, got ${describeNode(node)}`);
      for (const k of Object.keys(node)) if (k !== 'value' && k !== 'type') fail(path, `a dynamic value has only "value" and "type", not ${JSON.stringify(k)}`);
      const typeNode = getOwn(node, 'type') as JsonNode | undefined;
      if (typeNode === undefined) return fail(path, 'a dynamic value needs its "type"');
      let concrete: CtyType;
      try {
        concrete = typeFromParsed(toPlain(typeNode));
      } catch (e) {
        return fail(path, e instanceof AttributePathError ? e.reason : String(e));
      }
      const valueNode = getOwn(node, 'value') as JsonNode | undefined;
      return new DynamicValue(concrete, valueNode === undefined ? null : fromNode(valueNode, concrete, path, depth + 1, options));
    }
  }
}

/** Encodes a wholly known value of a type as compact JSON text (object and map keys sorted). */
export function encodeJson(value: CtyValue, type: CtyType): string {
  return toText(value, type, AttributePath.root, 0);
}

function toText(value: CtyValue | undefined, type: CtyType, path: AttributePath, depth: number): string {
  if (depth > MAX_VALUE_DEPTH) tooDeep(path);
  if (value === null || value === undefined) return 'null';
  if (value instanceof Unknown) return fail(path, 'an unknown value cannot be written as JSON (only msgpack carries unknowns)');
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') fail(path, `expected a string, got ${describeRaw(value)}`);
      return JSON.stringify(value);
    case 'bool':
      if (typeof value !== 'boolean') fail(path, `expected a bool, got ${describeRaw(value)}`);
      return value ? 'true' : 'false';
    case 'number': {
      const n = numberFromHost(value, path);
      if (n.isInfinite) fail(path, `${n.toString()} cannot be written as JSON`);
      return n.toString();
    }
    case 'list':
    case 'set':
    case 'tuple': {
      if (!Array.isArray(value)) fail(path, `expected a ${type.kind} (array), got ${describeRaw(value)}`);
      const arr = value as readonly CtyValue[];
      if (type.kind === 'tuple') {
        if (arr.length !== type.elements.length) fail(path, `a tuple of ${type.elements.length} elements is required (${arr.length} given)`);
        return `[${arr.map((e, i) => toText(e, type.elements[i]!, path.index(i), depth + 1)).join(',')}]`;
      }
      const parts = arr.map((e, i) => toText(e, type.element, path.index(i), depth + 1));
      const kept = type.kind === 'set' && arr.length > 1 ? uniqueIndexes(arr, type.element).map((i) => parts[i]!) : parts;
      return `[${kept.join(',')}]`;
    }
    case 'map':
    case 'object': {
      const rec = encodeAttributes(value, type, path, (v, t, p) => toText(v, t, p, depth + 1));
      const keys = Object.keys(rec).sort(compareNames);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${rec[k] as string}`).join(',')}}`;
    }
    case 'dynamic': {
      if (!(value instanceof DynamicValue)) return fail(path, `a dynamic value must be a DynamicValue {type, value}, got ${describeRaw(value)}`);
      return `{"value":${toText(value.value, value.type, path, depth + 1)},"type":${typeToJsonString(value.type)}}`;
    }
  }
}
