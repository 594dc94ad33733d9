// Header plumbing for a proxied request: hop-by-hop headers dropped both ways, Kong's
// X-Forwarded-* / X-Real-IP / Via / X-Kong-Request-Id added upstream.
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
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const h: IncomingHttpHeaders = req.headers;
  for (const name in h) {
    if (HOP_BY_HOP.has(name) || drop.has(name)) continue;
    const v = h[name];
    if (v !== undefined) out[name] = v;
  }
  const remote = req.socket.remoteAddress ?? '';
  const xff = h['x-forwarded-for'];
  out['x-forwarded-for'] = typeof xff === 'string' && xff !== '' ? `${xff}, ${remote}` : remote;
  out['x-forwarded-proto'] = 'http';
  out['x-forwarded-host'] = (h.host ?? '').replace(/:\d+$/, '');
  out['x-forwarded-port'] = String(req.socket.localPort ?? '');
  out['x-real-ip'] = remote;
  out.via = VIA;
  out['x-kong-request-id'] = requestId;
  out.host = host;
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
