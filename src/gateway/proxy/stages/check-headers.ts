// Stage: refuse a header section over nginx's large_client_header_buffers (proxy/limits.ts) with
// a 431 before anything else reads it, rather than proxy a partial or oversized set.
import { sendCoreError } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';
import { HEADER_LINE_LIMIT, HEADER_SECTION_LIMIT } from '../limits.js';

/** Bytes of the header section as sent: request line, `Name: value\r\n` per header, final CRLF. */
export function headerSectionTooLarge(method: string, url: string, rawHeaders: readonly string[]): boolean {
  let total = method.length + 1 + url.length + 11 + 2; // "M " + url + " HTTP/1.1\r\n" … "\r\n"
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const line = rawHeaders[i]!.length + rawHeaders[i + 1]!.length + 4;
    if (line > HEADER_LINE_LIMIT) return true;
    total += line;
  }
  return total > HEADER_SECTION_LIMIT;
}

export function checkHeaders(ctx: ProxyContext): void {
  if (!headerSectionTooLarge(ctx.method, ctx.req.url ?? '/', ctx.req.rawHeaders)) return;
  ctx.status = 431;
  sendCoreError(ctx, 431, 'json', undefined, { connection: 'close' });
  ctx.done = true;
}
