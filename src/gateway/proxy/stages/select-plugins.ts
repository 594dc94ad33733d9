// Stage: which plugins run. First, fail closed: when Kong would run a plugin this gateway does
// not (plugins/unsupported.ts) for this request, answer 500 naming it and never proxy. Then
// which ai-proxy or ai-proxy-advanced instance runs (Kong's precedence and order), and which
// ai-prompt-decorator and ai-prompt-guard instances (refused with 500 when they cannot run
// faithfully), via decide.ts. For ai-proxy-advanced the balance stage picks the targets; until
// then `ai` is its first target (the format settings every target shares). An instance whose
// balancer cannot be built (`semantic`) is answered 500 with its reason.
import { sendCoreError } from '../../kong/index.js';
import { scopeOf, unsupportedMessage } from '../../plugins/unsupported.js';
import type { ProxyContext } from '../context.js';
import { aiPluginsFor, promptPluginsFor, promptPluginsProblem, refusedPlugins, requestScope } from '../decide.js';

export function selectPlugins(ctx: ProxyContext): void {
  const { compiled, match } = ctx;
  if (match === null) return;
  const scope = requestScope(match, ctx.consumer?.id ?? null, ctx.consumerGroupIds);
  const refused = refusedPlugins(compiled, scope);
  if (refused.length > 0) {
    for (const { plugin } of refused)
      compiled.logOnce(
        `unsupported:${plugin.id}`,
        `plugin '${plugin.name}' (${plugin.id}, ${scopeOf(plugin)}) is configured but this gateway does not run it: requests it applies to are answered 500 and not proxied (first refused on route ${match.route.name ?? match.route.id})`,
      );
    ctx.status = 500;
    sendCoreError(ctx, 500, 'json', unsupportedMessage(refused.map((r) => r.plugin.name)));
    ctx.done = true;
    return;
  }
  const { ai, advanced } = aiPluginsFor(compiled, scope);
  ctx.ai = ai;
  if (advanced !== null) {
    if (advanced.problem !== null) {
      compiled.logOnce(`advanced:${advanced.plugin.id}`, `ai-proxy-advanced ${advanced.plugin.id}: ${advanced.problem} (requests on route ${match.route.name ?? match.route.id} are answered 500 and not proxied)`);
      ctx.status = 500;
      sendCoreError(ctx, 500, 'json', advanced.problem);
      ctx.done = true;
      return;
    }
    ctx.balanced = { advanced, tried: new Set(), tries: [] };
    ctx.ai = advanced.targets[0] ?? null;
  }
  const prompts = promptPluginsFor(compiled, scope);
  const problem = promptPluginsProblem(prompts, ctx.ai);
  if (problem !== null) {
    compiled.logOnce(`prompts:${match.route.id}`, `${problem} (requests on route ${match.route.name ?? match.route.id} are answered 500 and not proxied)`);
    ctx.status = 500;
    sendCoreError(ctx, 500, 'json', problem);
    ctx.done = true;
    return;
  }
  ctx.promptDecorator = prompts.decorator?.plugin ?? null;
  ctx.promptGuard = prompts.guard?.plugin ?? null;
}
