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

export function upstreamRequestHeaders(
  req: IncomingMessage,
  host: string,
  requestId: string,
  drop: ReadonlySet<string>,
  first: Readonly<Record<string, string>> = {},
): Record<string, string | string[]> {
  // Order on the wire: the gateway's own headers (injected auth first), Kong's, then the client's.
  const out: Record<string, string | string[]> = { ...first };
  const h: IncomingHttpHeaders = req.headers;
  const remote = req.socket.remoteAddress ?? '';
  const xff = h['x-forwarded-for'];
  if (!Object.hasOwn(out, 'x-forwarded-for')) out['x-forwarded-for'] = typeof xff === 'string' && xff !== '' ? `${xff}, ${remote}` : remote;
  if (!Object.hasOwn(out, 'x-forwarded-proto')) out['x-forwarded-proto'] = 'http';
  if (!Object.hasOwn(out, 'x-forwarded-host')) out['x-forwarded-host'] = withoutPort(h.host ?? '');
  if (!Object.hasOwn(out, 'x-forwarded-port')) out['x-forwarded-port'] = String(req.socket.localPort ?? '');
  if (!Object.hasOwn(out, 'x-real-ip')) out['x-real-ip'] = remote;
  if (!Object.hasOwn(out, 'via')) out.via = VIA;
  if (!Object.hasOwn(out, 'x-kong-request-id')) out['x-kong-request-id'] = requestId;
  if (!Object.hasOwn(out, 'host')) out.host = host;
  for (const name in h) {
    if (HOP_BY_HOP.has(name) || drop.has(name) || Object.hasOwn(out, name)) continue;
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
