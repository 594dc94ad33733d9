// Stage (ai-proxy): the configured credential replaces the client's header of the same name —
// the client's own value is never forwarded — except, in native format, when allow_override is
// on and the client sent one (reference 5.6 item 4; the OpenAI-format HF driver sets it
// unconditionally, 4.1). The value never reaches a log line.
import type { ProxyContext } from '../context.js';

export function injectAuth(ctx: ProxyContext): void {
  const auth = ctx.ai?.authHeader;
  if (!auth) return;
  if (ctx.ai!.native && ctx.ai!.allowOverride && ctx.req.headers[auth.name] !== undefined) return;
  // Every client copy goes (Node keeps only the first of duplicate Authorization lines, and the
  // name is dropped whatever its case); the injected value is the first header sent upstream, so
  // an upstream that keeps only the first N headers (Node: 1,000) still sees it.
  ctx.dropHeaders.add(auth.name);
  ctx.setHeaders = { [auth.name]: auth.value, ...ctx.setHeaders };
}
