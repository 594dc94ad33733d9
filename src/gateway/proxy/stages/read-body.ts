// Stage: read the request body, up to ai-proxy's max_request_body_size (0 = unlimited). Over
// the limit, Kong's parse fails and the client gets its 400; the connection is then closed
// rather than drained. A client that sends nothing for client_body_timeout (nginx semantics: the
// time between two successive reads, not for the whole body) gets Kong's 408 and is closed.
// A body with a Content-Length is complete when that many bytes are in (Node's parser holds a
// request to its declared length); the stream's own 'end' comes a tick later.
import { sendCoreError, sendPluginError } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';
import { messages } from '../../drivers/index.js';

/** Bodies of routes without ai-proxy are buffered up to this size. */
const PLAIN_LIMIT = 64 * 1024 * 1024;

export function readBody(ctx: ProxyContext): Promise<void> | void {
  const limit = ctx.ai ? ctx.ai.maxBody || Number.POSITIVE_INFINITY : PLAIN_LIMIT;
  const declared = Number(ctx.req.headers['content-length'] ?? NaN);
  if (declared > limit) return tooLarge(ctx);
  return new Promise<void>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const req = ctx.req;
    const timeoutMs = ctx.settings.clientBodyTimeoutMs;
    const onTimeout = () => {
      cleanup();
      ctx.done = true;
      ctx.status = 408;
      sendCoreError(ctx, 408, 'json', undefined, { connection: 'close' });
      resolve();
    };
    const timer = timeoutMs > 0 ? setTimeout(onTimeout, timeoutMs) : null;
    const onData = (c: Buffer) => {
      timer?.refresh();
      size += c.length;
      if (size > limit) {
        cleanup();
        tooLarge(ctx);
        resolve();
        return;
      }
      chunks.push(c);
      // the declared length is in: done, without waiting a tick for the stream's 'end'
      if (size === declared) onEnd();
    };
    const onEnd = () => {
      cleanup();
      ctx.rawBody = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      resolve();
    };
    const onError = () => {
      cleanup();
      ctx.done = true;
      resolve();
    };
    const cleanup = () => {
      if (timer !== null) clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}

function tooLarge(ctx: ProxyContext): void {
  ctx.done = true;
  if (ctx.ai) {
    ctx.status = 400;
    sendPluginError(ctx, 400, messages.BAD_JSON, { connection: 'close' });
  } else {
    ctx.status = 502;
    sendCoreError(ctx, 502);
  }
}
