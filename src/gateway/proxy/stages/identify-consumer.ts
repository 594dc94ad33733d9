// Stage: who is calling. A pluggable step: when a key-auth plugin applies to the route, Kong's
// key-auth decision (decide.ts → consumers/) identifies the consumer or answers Kong's 401; hidden
// credentials are dropped before proxying. Without key-auth nobody is identified.
import { SERVER } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';
import { forwardedQuery, keyAuthFor } from '../decide.js';

export function identifyConsumer(ctx: ProxyContext): void {
  const { compiled, match } = ctx;
  if (match === null) return;
  const decision = keyAuthFor(compiled, match, { method: ctx.method, path: ctx.path, query: ctx.query, host: '', headers: ctx.req.headers });
  if (decision === null) return;
  const outcome = decision.outcome;
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
  ctx.query = forwardedQuery(ctx.query, outcome);
  for (const [name, value] of Object.entries(outcome.upstreamHeaders)) {
    if (value === null) ctx.dropHeaders.add(name.toLowerCase());
    else ctx.setHeaders[name.toLowerCase()] = value;
  }
}
