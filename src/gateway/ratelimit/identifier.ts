// Whose counter a request goes to (`config.identifier`), as Rate Limiting Advanced decides it:
// the consumer (or, unauthenticated, the credential), the credential, the consumer group the
// plugin is scoped to, the service, a header's value, the path — and the client's IP address
// whenever the chosen one is missing. `path`: the request's path is the key; with `config.path`
// set, only requests to that path are limited (null: not limited).
import type { IncomingMessage } from 'node:http';
import type { AiRateLimitingConfig, Plugin } from '../../schemas/index.js';

export interface RequestIdentity {
  readonly req: IncomingMessage;
  readonly path: string;
  readonly consumerId: string | null;
  readonly credentialId: string | null;
  readonly serviceId: string | null;
}

export function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

export function identify(config: AiRateLimitingConfig, plugin: Plugin, r: RequestIdentity): string | null {
  switch (config.identifier) {
    case 'consumer':
      return r.consumerId ?? r.credentialId ?? clientIp(r.req);
    case 'credential':
      return r.credentialId ?? clientIp(r.req);
    case 'consumer-group':
      return plugin.consumer_group?.id ?? clientIp(r.req);
    case 'service':
      return r.serviceId ?? clientIp(r.req);
    case 'header': {
      const v = config.header_name ? r.req.headers[config.header_name.toLowerCase()] : undefined;
      const value = Array.isArray(v) ? v[0] : v;
      return value !== undefined && value !== '' ? value : clientIp(r.req);
    }
    case 'path':
      if (config.path && r.path !== config.path) return null;
      return r.path;
    default:
      return clientIp(r.req);
  }
}
