// Stage: who is calling. A pluggable step: when a key-auth plugin applies to the route, Kong's
// key-auth decision (consumers/) identifies the consumer or answers Kong's 401; hidden
// credentials are dropped before proxying. Without key-auth nobody is identified.
import type { KeyAuthConfig } from '../../consumers/index.js';
import { identifyByKeyAuth } from '../../consumers/index.js';
import { SERVER } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';

export function identifyConsumer(ctx: ProxyContext): void {
  const { compiled, match } = ctx;
  if (match === null || !compiled.plugins.has('key-auth')) return;
  const plugin = compiled.plugins.select('key-auth', {
    routeId: match.route.id,
    serviceId: match.service?.id ?? null,
    consumerId: null,
    consumerGroupIds: [],
  });
  if (plugin === null) return;
  const outcome = identifyByKeyAuth(
    { method: ctx.method, headers: ctx.req.headers, query: new URLSearchParams(ctx.query) },
    plugin.config as unknown as KeyAuthConfig,
    compiled.consumers,
  );
  if (!outcome.ok) {
    ctx.status = outcome.status;
    const body = JSON.stringify(outcome.body);
    ctx.res.writeHead(outcome.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      server: SERVER,
      'x-kong-request-id': ctx.requestId,
      ...outcome.headers,
    });
    ctx.res.end(body);
    ctx.done = true;
    return;
  }
  if (outcome.consumer) {
    ctx.consumer = outcome.consumer;
    ctx.consumerGroupIds = compiled.consumers.groupIdsOf(outcome.consumer.id);
  }
  ctx.credentialId = outcome.credential?.id ?? null;
  for (const h of outcome.removeHeaders) ctx.dropHeaders.add(h.toLowerCase());
  if (outcome.removeQuery.length > 0) {
    const params = new URLSearchParams(ctx.query);
    for (const name of outcome.removeQuery) params.delete(name);
    const rest = params.toString();
    ctx.query = rest === '' ? '' : `?${rest}`;
  }
  for (const [name, value] of Object.entries(outcome.upstreamHeaders)) {
    if (value === null) ctx.dropHeaders.add(name.toLowerCase());
    else ctx.setHeaders[name.toLowerCase()] = value;
  }
}
