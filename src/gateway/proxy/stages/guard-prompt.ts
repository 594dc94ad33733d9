// Stage: ai-prompt-guard (Kong priority 771: after the decorator, before ai-proxy). The instance
// that applies (select-plugins) checks the (decorated) prompt against its deny then allow
// patterns; a refusal is Kong's 400 `{"error":{"message":"bad request"}}` — never saying why,
// as Kong does not — and the request is not proxied. The reason goes to the log.
import { sendPluginError } from '../../kong/index.js';
import { BAD_REQUEST, checkPrompt, guardFor } from '../../prompts/index.js';
import type { ProxyContext } from '../context.js';

export function guardPrompt(ctx: ProxyContext): void {
  const plugin = ctx.promptGuard;
  if (plugin === null || ctx.body === null) return;
  const verdict = checkPrompt(guardFor(plugin), ctx.body);
  if (verdict.ok) return;
  ctx.compiled.logOnce(`guard:${plugin.id}:${verdict.reason}`, `plugin 'ai-prompt-guard' (${plugin.id}) refused a request with 400: ${verdict.reason}`);
  ctx.status = 400;
  sendPluginError(ctx, 400, BAD_REQUEST);
  ctx.done = true;
}
