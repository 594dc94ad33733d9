// Stage: the path is normalized before anything looks at it (router/normalize-path.ts): the
// route, its plugins (key-auth first of all) and the upstream all see the same path. A path
// that cannot be normalized (climbs above `/`, malformed escape) is Kong's 400 `Bad request`.
import { sendCoreError } from '../../kong/index.js';
import { normalizeRequestPath } from '../../router/index.js';
import type { ProxyContext } from '../context.js';

export function normalizePath(ctx: ProxyContext): void {
  const normalized = normalizeRequestPath(ctx.path);
  if (normalized.ok) {
    ctx.path = normalized.path;
    return;
  }
  ctx.status = 400;
  sendCoreError(ctx, 400);
  ctx.done = true;
}
