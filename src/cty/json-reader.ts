// A small lossless JSON reader: like JSON.parse, but numbers come back as their exact source
// text (JsonNumber) instead of a rounded float64, nesting depth is bounded, and errors are
// AttributePathErrors with the byte offset. Hand-written because JSON.parse rounds numbers and
// Node 20's JSON.parse has no reviver `source` access; the maintained lossless parsers
// (lossless-json, json-bigint) would add a shared dependency for ~100 lines. String escapes are
// still decoded by JSON.parse itself, so string handling is the platform's.
import { AttributePath, AttributePathError } from '../common/index.js';

/** A JSON number exactly as written in the source. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | { [key: string]: JsonNode };

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function readJson(input: string, maxDepth: number): JsonNode {
  let pos = 0;
  const fail = (what: string): never => {
    throw new AttributePathError(AttributePath.root, `malformed JSON at offset ${pos}: ${what}`);
  };
  const skipWs = (): void => {
    for (;;) {
      const c = input.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      pos++;
    }
  };
  const readString = (): string => {
    const start = pos; // at the opening quote
    let i = pos + 1;
    for (;;) {
      const q = input.indexOf('"', i);
      if (q < 0) {
        pos = input.length;
        return fail('unterminated string');
      }
      let backslashes = 0;
      for (let j = q - 1; j > start && input.charCodeAt(j) === 92; j--) backslashes++;
      if (backslashes % 2 === 0) {
        pos = q + 1;
        break;
      }
      i = q + 1;
    }
    try {
      return JSON.parse(input.slice(start, pos)) as string;
    } catch {
      pos = start;
      return fail('invalid string (bad escape or control character)');
    }
  };
  const readValue = (depth: number): JsonNode => {
    if (depth > maxDepth) fail(`nested deeper than ${maxDepth} levels`);
    skipWs();
    const c = input[pos];
    switch (c) {
      case '"':
        return readString();
      case '{': {
        pos++;
        const out: { [key: string]: JsonNode } = {};
        skipWs();
        if (input[pos] === '}') {
          pos++;
          return out;
        }
        for (;;) {
          skipWs();
          if (input[pos] !== '"') fail('expected a property name in double quotes');
          const key = readString();
          skipWs();
          if (input[pos] !== ':') fail('expected ":" after a property name');
          pos++;
          const v = readValue(depth + 1);
          if (Object.hasOwn(out, key)) fail(`duplicate property ${JSON.stringify(key)}`);
          Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
          skipWs();
          if (input[pos] === ',') {
            pos++;
            continue;
          }
          if (input[pos] === '}') {
            pos++;
            return out;
          }
          fail('expected "," or "}" in an object');
        }
      }
      case '[': {
        pos++;
        const out: JsonNode[] = [];
        skipWs();
        if (input[pos] === ']') {
          pos++;
          return out;
        }
        for (;;) {
          out.push(readValue(depth + 1));
          skipWs();
          if (input[pos] === ',') {
            pos++;
            continue;
          }
          if (input[pos] === ']') {
            pos++;
            return out;
          }
          fail('expected "," or "]" in an array');
        }
      }
      case 't':
        if (input.startsWith('true', pos)) {
          pos += 4;
          return true;
        }
        return fail('unexpected token');
      case 'f':
        if (input.startsWith('false', pos)) {
          pos += 5;
          return false;
        }
        return fail('unexpected token');
      case 'n':
        if (input.startsWith('null', pos)) {
          pos += 4;
          return null;
        }
        return fail('unexpected token');
      case undefined:
        return fail('unexpected end of input');
      default: {
        NUMBER_RE.lastIndex = pos;
        const m = NUMBER_RE.exec(input);
        if (!m) return fail('unexpected token');
        pos = NUMBER_RE.lastIndex;
        return new JsonNumber(m[0]);
      }
    }
  };
  const value = readValue(0);
  skipWs();
  if (pos !== input.length) fail('unexpected data after the JSON value');
  return value;
}

/** A node as plain JSON data (numbers as JS numbers), e.g. to hand type JSON to typeFromJson. */
export function toPlain(node: JsonNode): unknown {
  if (node instanceof JsonNumber) return Number(node.text);
  if (Array.isArray(node)) return node.map(toPlain);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.keys(node).map((k) => [k, toPlain(node[k]!)]));
  }
  return node;
}
