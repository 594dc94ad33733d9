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
  const put = (name: string, value: string) => {
    if (!Object.hasOwn(out, name)) out[name] = value;
  };
  put('x-forwarded-for', typeof xff === 'string' && xff !== '' ? `${xff}, ${remote}` : remote);
  put('x-forwarded-proto', 'http');
  put('x-forwarded-host', (h.host ?? '').replace(/:\d+$/, ''));
  put('x-forwarded-port', String(req.socket.localPort ?? ''));
  put('x-real-ip', remote);
  put('via', VIA);
  put('x-kong-request-id', requestId);
  put('host', host);
  for (const name in h) {
    if (HOP_BY_HOP.has(name) || drop.has(name) || Object.hasOwn(out, name)) continue;
    const v = h[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
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
