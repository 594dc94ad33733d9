// Percent-decoding of request paths, safe against hostile input (decodeURIComponent throws a
// URIError on `%zz` or on `%ff`, which is not UTF-8). nginx answers a malformed escape with
// 400 before Kong sees the request; a well-formed escape that is not UTF-8 reaches Kong, which
// rejects it as a name: "invalid utf-8 character sequence detected at position N".

/** The first malformed escape (`%` not followed by two hex digits) in a raw path, if any. */
export function malformedEscape(rawPath: string): string | undefined {
  const m = /%(?![0-9a-fA-F]{2})[\s\S]{0,2}/.exec(rawPath);
  return m?.[0];
}

export type Decoded = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

/** 1-based position of the first byte that does not start or continue a valid UTF-8 sequence. */
function invalidUtf8At(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i + 1;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i + 1;
    }
    if ((b === 0xe0 && bytes[i + 1]! < 0xa0) || (b === 0xed && bytes[i + 1]! > 0x9f)) return i + 1;
    if ((b === 0xf0 && bytes[i + 1]! < 0x90) || (b === 0xf4 && bytes[i + 1]! > 0x8f)) return i + 1;
    i += n + 1;
  }
  return undefined;
}

/** One path segment, percent-decoded; a malformed escape or non-UTF-8 bytes are an error. */
export function decodeSegment(raw: string): Decoded {
  if (!raw.includes('%')) return { ok: true, value: raw };
  const bad = malformedEscape(raw);
  if (bad !== undefined) return { ok: false, message: `invalid url-encoded value: '${bad}'` };
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (raw[i] === '%') {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch < 0x80) bytes.push(ch);
    else for (const b of Buffer.from(raw[i]!, 'utf8')) bytes.push(b);
  }
  const buf = Uint8Array.from(bytes);
  const at = invalidUtf8At(buf);
  if (at !== undefined) return { ok: false, message: `invalid utf-8 character sequence detected at position ${at}` };
  return { ok: true, value: Buffer.from(buf).toString('utf8') };
}
