// The Service's `url` helper (Kong's services `shorthand_fields`; Konnect's OpenAPI: "Helper
// field to set protocol, host, port and path using a URL. This field is write-only and is not
// returned in responses"). Expanded before validation by every place that accepts a service —
// the entity engine (mock Konnect and the Admin API) and the decK source — so it lives here once.
//
// Kong's rules (kong/db/schema/entities/services.lua): the url is split the way LuaSocket's
// url.parse splits it (no normalisation); protocol = scheme, else https/http from a 443/80
// port, else http; port = the url's, else 443 for https and 80 otherwise; path = the url's, or
// null. The four values replace any given explicitly alongside the url.
import type { ErrorTree } from '../kong-schema/index.js';

interface LuaSocketUrl {
  readonly scheme?: string;
  readonly host?: string;
  readonly port?: string;
  readonly path?: string;
}

/** LuaSocket's url.parse order: scheme, //authority, #fragment, ?query, ;params, then the path. */
function parseLikeLuaSocket(url: string): LuaSocketUrl {
  let rest = url;
  let scheme: string | undefined;
  let authority: string | undefined;
  rest = rest.replace(/^([A-Za-z0-9][A-Za-z0-9+\-.]*):/, (_, s: string) => ((scheme = s), ''));
  rest = rest.replace(/^\/\/([^/]*)/, (_, a: string) => ((authority = a), ''));
  rest = rest.replace(/#[\s\S]*$/, '').replace(/\?[\s\S]*/, '').replace(/;[\s\S]*/, '');
  const path = rest === '' ? undefined : rest;
  if (authority === undefined) return { scheme, path };
  let hostport = authority.replace(/^[^@]*@/, '');
  let port: string | undefined;
  hostport = hostport.replace(/:([^:\]]*)$/, (_, p: string) => ((port = p), ''));
  const host = hostport === '' ? undefined : (/^\[(.+)\]$/.exec(hostport)?.[1] ?? hostport);
  return { scheme, host, port, path };
}

export type UrlExpansion = { ok: true; value: Record<string, unknown> } | { ok: false; fields: ErrorTree };

/** `{url, …}` → `{protocol, host, port, path, …}`; a body without `url` is returned unchanged. */
export function expandServiceUrl(body: Record<string, unknown>): UrlExpansion {
  if (!('url' in body)) return { ok: true, value: body };
  const { url, ...rest } = body;
  if (url === undefined || url === null) return { ok: true, value: rest };
  if (typeof url !== 'string') return { ok: false, fields: { url: 'expected a string' } };
  if (url === '') return { ok: false, fields: { url: 'length must be at least 1' } };
  const parsed = parseLikeLuaSocket(url);
  if (parsed.host === undefined)
    return { ok: false, fields: { url: 'missing host in url; write it as scheme://host[:port][/path], e.g. http://localhost:8080' } };
  const portNumber = parsed.port !== undefined && /^\d+$/.test(parsed.port) ? Number(parsed.port) : undefined;
  const protocol = parsed.scheme ?? (portNumber === 80 ? 'http' : portNumber === 443 ? 'https' : 'http');
  const port = portNumber ?? parsed.port ?? (protocol === 'https' ? 443 : 80);
  return { ok: true, value: { ...rest, protocol, host: parsed.host, port, path: parsed.path ?? null } };
}
