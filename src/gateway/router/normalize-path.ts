// The request path the router sees, normalized as nginx and Kong do before matching (Kong's
// `kong.tools.uri.normalize`, nginx's merge_slashes), so `..` cannot walk from one route into
// another route's plugins:
// 1. percent-encoded unreserved characters (A–Z a–z 0–9 - . _ ~) are decoded, every other escape
//    is kept with upper-case hex (RFC 3986 §6.2.2.1–2) — `%2F` stays `%2F`, never a separator;
// 2. `.` and `..` segments are resolved (RFC 3986 §5.2.4), repeated slashes merged;
// 3. a path that climbs above `/`, a malformed escape, or a target that is not a path is an
//    error (nginx answers 400 Bad Request).
// The result is what is routed and what is forwarded upstream.

export type NormalizedPath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

const HEX = /^[0-9a-fA-F]{2}$/;
/** Anything that can change under normalization: an escape, a dot segment, a doubled slash. */
const NEEDS_WORK = /%|\/\.|\/\//;

function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x2e || // .
    code === 0x5f || // _
    code === 0x7e // ~
  );
}

function decodeUnreserved(path: string): string | null {
  let out = '';
  let from = 0;
  for (let i = path.indexOf('%'); i >= 0; i = path.indexOf('%', from)) {
    const hex = path.slice(i + 1, i + 3);
    if (!HEX.test(hex)) return null;
    const code = parseInt(hex, 16);
    out += path.slice(from, i) + (isUnreserved(code) ? String.fromCharCode(code) : `%${hex.toUpperCase()}`);
    from = i + 3;
  }
  return out + path.slice(from);
}

/** Resolves `.`/`..` and merges slashes; null when `..` would climb above the root. */
function removeDotSegments(path: string): string | null {
  const segments = path.split('/');
  const out: string[] = [];
  const last = segments.length - 1;
  for (let i = 1; i <= last; i++) {
    const s = segments[i]!;
    if (s === '..') {
      if (out.length === 0) return null;
      out.pop();
      if (i === last) out.push('');
    } else if (s === '.' || s === '') {
      if (i === last) out.push(''); // a trailing `/`, `/.` or `/..` keeps the trailing slash
    } else out.push(s);
  }
  return `/${out.join('/')}`;
}

/**
 * Normalizes the path part of a request target (without its query string). An absolute-form
 * target (`http://host/p`) is reduced to its path, as nginx does.
 */
export function normalizeRequestPath(target: string): NormalizedPath {
  let path = target;
  if (path.charCodeAt(0) !== 47) {
    const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(path);
    if (m === null) return { ok: false, reason: 'the request target is not a path' };
    path = path.slice(m[0].length) || '/';
    if (path.charCodeAt(0) !== 47) return { ok: false, reason: 'the request target is not a path' };
  }
  if (!NEEDS_WORK.test(path)) return { ok: true, path };
  const decoded = path.includes('%') ? decodeUnreserved(path) : path;
  if (decoded === null) return { ok: false, reason: 'the path has a malformed percent-encoding' };
  const resolved = removeDotSegments(decoded);
  if (resolved === null) return { ok: false, reason: "the path's '..' segments climb above '/'" };
  return { ok: true, path: resolved };
}
