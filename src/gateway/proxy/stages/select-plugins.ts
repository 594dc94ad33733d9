// Stage: which ai-proxy instance runs (Kong's precedence, via plugins/select.ts).
import type { ProxyContext } from '../context.js';

export function selectPlugins(ctx: ProxyContext): void {
  const { compiled, match } = ctx;
  if (match === null || !compiled.plugins.has('ai-proxy')) return;
  const plugin = compiled.plugins.select('ai-proxy', {
    routeId: match.route.id,
    serviceId: match.service?.id ?? null,
    consumerId: ctx.consumer?.id ?? null,
    consumerGroupIds: ctx.consumerGroupIds,
  });
  if (plugin !== null) ctx.ai = compiled.aiProxy(plugin);
}
