// Stage (ai-proxy): Content-Type (default application/json), strict UTF-8, JSON object — or
// Kong's 400 `content-type header does not match request body, or bad JSON formatting`.
import { sendPluginError } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';
import { messages } from '../../drivers/index.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const JSON_TYPE = /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function parseRequest(ctx: ProxyContext): void {
  if (ctx.ai === null || ctx.ai.plan === null) return;
  const ct = ctx.req.headers['content-type'];
  let body: unknown;
  try {
    if (ct !== undefined && !JSON_TYPE.test(ct)) throw new Error('content type');
    body = JSON.parse(utf8.decode(ctx.rawBody ?? Buffer.alloc(0)));
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    ctx.status = 400;
    sendPluginError(ctx, 400, messages.BAD_JSON);
    ctx.done = true;
    return;
  }
  ctx.body = body as Record<string, unknown>;
}
