// Stage: ai-prompt-decorator (Kong priority 772, before the guard and ai-proxy). The instance that
// applies (select-plugins) puts its prepend/append messages around the client's chat messages;
// the decorated body replaces the request's, so the guard checks it and the driver translates it
// for whichever provider answers. A body without messages is Kong's 400.
import { sendPluginError } from '../../kong/index.js';
import { decorate } from '../../prompts/index.js';
import type { AiPromptDecoratorConfig } from '../../../schemas/index.js';
import type { ProxyContext } from '../context.js';

export function decoratePrompt(ctx: ProxyContext): void {
  const plugin = ctx.promptDecorator;
  if (plugin === null || ctx.body === null) return;
  const r = decorate(ctx.body, plugin.config as unknown as AiPromptDecoratorConfig);
  if (!r.ok) {
    ctx.status = 400;
    sendPluginError(ctx, 400, r.message);
    ctx.done = true;
    return;
  }
  ctx.body = r.body;
  ctx.rawBody = Buffer.from(JSON.stringify(r.body)); // a passthrough driver forwards the raw body
}
