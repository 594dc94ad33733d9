// Header plumbing for a proxied request: hop-by-hop headers dropped both ways, Kong's
// X-Forwarded-* / X-Real-IP / Via / X-Kong-Request-Id added upstream, after the gateway's own
// headers (the injected credential) and before the client's.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { VIA } from '../kong/version.js';

export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);

/** The headers Kong sets on every proxied request (unless the gateway's own headers already set them). */
const KONG_SET = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip', 'via', 'x-kong-request-id', 'host']);
const NONE: Readonly<Record<string, string>> = {};

export function upstreamRequestHeaders(
  req: IncomingMessage,
  host: string,
  requestId: string,
  drop: ReadonlySet<string>,
  first: Readonly<Record<string, string>> = NONE,
): Record<string, string | string[]> {
  // Order on the wire: the gateway's own headers (injected auth first), Kong's, then the client's.
  // On the path of every request before its upstream call: one pass over each source, and the
  // per-name "already set?" checks only when the gateway's own headers name one of Kong's.
  const out: Record<string, string | string[]> = {};
  let overlaps = false;
  for (const name in first) {
    out[name] = first[name]!;
    if (KONG_SET.has(name)) overlaps = true;
  }
  const h: IncomingHttpHeaders = req.headers;
  const remote = req.socket.remoteAddress ?? '';
  const xff = h['x-forwarded-for'];
  const set = (name: string, value: string): void => {
    if (!overlaps || !Object.hasOwn(out, name)) out[name] = value;
  };
  set('x-forwarded-for', typeof xff === 'string' && xff !== '' ? `${xff}, ${remote}` : remote);
  set('x-forwarded-proto', 'http');
  set('x-forwarded-host', withoutPort(h.host ?? ''));
  set('x-forwarded-port', String(req.socket.localPort ?? ''));
  set('x-real-ip', remote);
  set('via', VIA);
  set('x-kong-request-id', requestId);
  set('host', host);
  for (const name in h) {
    if (HOP_BY_HOP.has(name) || KONG_SET.has(name) || drop.has(name) || Object.hasOwn(first, name)) continue;
    const v = h[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** `host:8000` → `host` (a trailing `:digits` dropped, as /:\d+$/ would; `[::1]:80` → `[::1]`). */
function withoutPort(host: string): string {
  let i = host.length;
  while (i > 0 && host.charCodeAt(i - 1) >= 48 && host.charCodeAt(i - 1) <= 57) i--;
  return i < host.length && i > 0 && host.charCodeAt(i - 1) === 58 /* : */ ? host.slice(0, i - 1) : host;
}

export function clientResponseHeaders(upstream: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in upstream) {
    if (HOP_BY_HOP.has(name)) continue;
    const v = upstream[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}
