// Kong's `typedefs.url` check. Kong parses with LuaSocket's url.parse (RFC 3986 split, no
// normalisation); WHATWG `new URL` would accept and rewrite things Kong rejects
// (e.g. "localhost:8080" has scheme "localhost" and no host for Kong), so the split is
// written out here with RFC 3986's own regular expression.
const RFC3986 = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

export interface UrlParts {
  readonly scheme: string | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly path: string;
  readonly query: string | undefined;
}

export function splitUrl(url: string): UrlParts | undefined {
  const m = RFC3986.exec(url);
  if (!m) return undefined;
  const authority = m[2];
  let host: string | undefined;
  let port: number | undefined;
  if (authority !== undefined) {
    const hostport = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
    const pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostport);
    host = pm?.[1] || undefined;
    port = pm?.[2] ? Number(pm[2]) : undefined;
  }
  return { scheme: m[1], host, port, path: m[3] ?? '', query: m[4] };
}

/** Kong's messages: `missing host in url`, `missing scheme in url`, `could not parse url. …`. */
export function checkUrl(url: string): string | undefined {
  const parts = splitUrl(url);
  if (!parts) return `could not parse url. invalid url`;
  if (!parts.host) return 'missing host in url';
  if (!parts.scheme) return 'missing scheme in url';
  return undefined;
}
