// Stage: find the route (Kong's router, via decide.ts); none → Kong's 404 `no Route matched with those values`.
import { sendCoreError } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';
import { routeFor } from '../decide.js';

export function matchRoute(ctx: ProxyContext): void {
  const host = ctx.req.headers.host ?? '';
  const colon = host.lastIndexOf(':');
  ctx.match = routeFor(ctx.compiled, {
    method: ctx.method,
    host: (colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host).toLowerCase(),
    path: ctx.path,
    query: ctx.query,
    headers: ctx.req.headers,
  });
  if (ctx.match === null) {
    ctx.status = 404;
    sendCoreError(ctx, 404);
    ctx.done = true;
  }
}
