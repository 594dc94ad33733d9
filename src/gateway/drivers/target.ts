// Kong's upstream URL rules, shared by the drivers (reference llm-providers 1.2): a driver
// builds its default URL (host + the route type's path) and these helpers apply Kong's port and
// path rules. `upstream_url` replaces scheme, host, port and path; the port is the URL's or 443
// even for http; a URL without a path keeps the route's ordinary upstream path (path null);
// `upstream_path` (deprecated) replaces the path of the default URL.
export interface UpstreamTarget {
  /** scheme://host:port */
  readonly origin: string;
  /** The path to call, or null to keep the route's ordinary upstream path. */
  readonly path: string | null;
  readonly host: string;
  /** Query parameters the driver adds (e.g. Azure's api-version), without `?`; the client's win. */
  readonly query?: string;
  /** `route_type: preserve` without upstream_path: the client's own request path (Kong's override_upstream_url). */
  readonly clientPath?: boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Kong's rules for a full URL: the URL's port or 443; the path only when the URL has one. */
export function targetFromUrl(url: string): UpstreamTarget | null {
  const u = parse(url);
  if (u === null) return null;
  const port = u.port !== '' ? u.port : '443';
  const hasPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/[^?#]*/i.test(url);
  return { origin: `${u.protocol}//${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${port}`, path: hasPath ? u.pathname : null, host: u.host };
}

/** Kong 3.10's OpenAI-family rule: a URL without a path calls `/`. */
export function withRootPath(t: UpstreamTarget | null): UpstreamTarget | null {
  return t !== null && t.path === null ? { ...t, path: '/' } : t;
}

/** The target for `upstream_url` (as is) or the default base + path, with upstream_path replacing the default path. */
export function kongTarget(upstreamUrl: string | null, defaultBase: string | null, defaultPath: string, upstreamPath: string | null): UpstreamTarget | null {
  if (upstreamUrl !== null) return targetFromUrl(upstreamUrl);
  if (defaultBase === null) return null;
  const t = targetFromUrl(`${defaultBase.replace(/\/+$/, '')}${upstreamPath ?? defaultPath}`);
  return t;
}
