// Request bodies for the two HTTP layers that mount the entity router (the mock Konnect, the
// gateway's Admin API), safe against hostile input:
// - a size cap: past it the body is no longer kept but still read to its end, so the client
//   gets its 413 instead of a destroyed socket (reading stops after 4 × the cap);
// - a nesting cap, checked on the raw text before JSON.parse: deep structures overflow the
//   stack of every recursive consumer (validation, the store's msgpack encoding, redaction,
//   JSON.stringify). Kong's entity bodies nest a dozen levels at most.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_JSON_DEPTH = 100;

export type BodyRead = { readonly ok: true; readonly raw: Buffer } | { readonly ok: false; readonly reason: 'too_large' | 'aborted' };

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyRead) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(r);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) settle({ ok: false, reason: 'too_large' });
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 4 * limit) req.destroy();
      if (settled) return;
      if (size > limit) settle({ ok: false, reason: 'too_large' });
      else chunks.push(c);
    });
    req.on('end', () => {
      if (!settled) {
        settled = true;
        resolve({ ok: true, raw: Buffer.concat(chunks) });
      }
    });
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('close', () => settle({ ok: false, reason: 'aborted' }));
  });
}

/** True when the JSON text nests arrays/objects deeper than `max` (strings are skipped). */
export function nestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export type ParsedBody =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: 'invalid_json' | 'too_deep'; readonly message: string };

/** An empty body is `undefined`; otherwise JSON no deeper than MAX_JSON_DEPTH. */
export function parseJsonBody(text: string): ParsedBody {
  if (text.length === 0) return { ok: true, value: undefined };
  if (nestsDeeperThan(text))
    return { ok: false, reason: 'too_deep', message: `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels` };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // V8's message quotes the body, which may hold a credential: not repeated.
    return { ok: false, reason: 'invalid_json', message: 'the body is not valid JSON' };
  }
  // `"\udfff"` parses, but no store keeps it (LMDB writes UTF-8, so it would read back as
  // U+FFFD, unlike what was acknowledged); Kong's JSON decoder refuses it as well.
  if (hasLoneSurrogate(value))
    return { ok: false, reason: 'invalid_json', message: 'the body is not valid JSON: a \\u escape is a lone UTF-16 surrogate' };
  return { ok: true, value };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Any string or key holding a lone surrogate (the value nests at most MAX_JSON_DEPTH deep). */
function hasLoneSurrogate(v: unknown): boolean {
  if (typeof v === 'string') return LONE_SURROGATE.test(v);
  if (Array.isArray(v)) return v.some(hasLoneSurrogate);
  if (v !== null && typeof v === 'object') return Object.entries(v).some(([k, x]) => LONE_SURROGATE.test(k) || hasLoneSurrogate(x));
  return false;
}
