// Stage (ai-proxy): the configured credential goes where the driver's auth plan says. A header
// replaces the client's header of the same name — the client's own value is never forwarded —
// unless the driver honours allow_override and the client sent one; a query credential is added
// to the forwarded query string (body credentials are set by normalize-request). Then a driver
// that signs or mints credentials per call (`authorize`: SigV4, OAuth tokens) adds its headers;
// if it fails the client gets Kong's 500 `LLM request failed before proxying`. The value never
// reaches a log line. ai-proxy-advanced places each try's credential with `placeAuth`.
import { sendPluginError } from '../../kong/index.js';
import { withQueryCredential } from '../../drivers/index.js';
import type { ProxyContext } from '../context.js';

export function injectAuth(ctx: ProxyContext): void | Promise<void> {
  const placed = placeAuth(ctx);
  if (placed === null) return;
  return placed.then((reason) => {
    if (reason === null) return;
    ctx.compiled.logOnce(`authorize:${ctx.ai!.plugin.id}:${reason}`, `ai-proxy ${ctx.ai!.plugin.id} (${ctx.ai!.plan!.name}): could not authorize the upstream call: ${reason}`);
    ctx.status = 500;
    sendPluginError(ctx, 500, 'LLM request failed before proxying');
    ctx.done = true;
  });
}

/**
 * Puts ctx.ai's credential on the call in ctx.upstream. Null when that is done; otherwise the
 * per-call credential is being computed: the promise resolves null once its headers are set,
 * or the reason it could not be made (never a secret: the driver's message).
 */
export function placeAuth(ctx: ProxyContext): Promise<string | null> | null {
  const plan = ctx.ai?.plan;
  if (!plan) return null;
  placeStatic(ctx);
  for (const name of plan.dropRequestHeaders ?? []) ctx.dropHeaders.add(name);
  if (plan.authorize === undefined || ctx.upstream === null) return null;
  const up = ctx.upstream;
  return Promise.resolve()
    .then(() => plan.authorize!({ method: ctx.method, origin: up.origin, path: up.path, host: up.host, body: up.body }))
    .then(
      (headers) => {
        for (const [name, value] of Object.entries(headers)) {
          const lower = name.toLowerCase();
          ctx.dropHeaders.add(lower);
          ctx.setHeaders[lower] = value;
        }
        return null;
      },
      (err: unknown) => String((err as Error)?.message ?? err),
    );
}

function placeStatic(ctx: ProxyContext): void {
  const plan = ctx.ai!.plan!;
  const extra = plan.headers;
  if (extra !== undefined) for (const [name, value] of Object.entries(extra)) ctx.setHeaders[name] = value;
  const auth = plan.auth;
  if (auth.query !== null && ctx.upstream !== null) {
    const q = ctx.upstream.path.indexOf('?');
    const path = q < 0 ? ctx.upstream.path : ctx.upstream.path.slice(0, q);
    ctx.upstream = { ...ctx.upstream, path: path + withQueryCredential(q < 0 ? '' : ctx.upstream.path.slice(q), auth) };
  }
  const header = auth.header;
  if (header === null) return;
  if (auth.headerOverridable && ctx.req.headers[header.name] !== undefined) return;
  // Every client copy goes (Node keeps only the first of duplicate Authorization lines, and the
  // name is dropped whatever its case); the injected value is the first header sent upstream, so
  // an upstream that keeps only the first N headers (Node: 1,000) still sees it.
  ctx.dropHeaders.add(header.name);
  ctx.setHeaders = { [header.name]: header.value, ...ctx.setHeaders };
}
