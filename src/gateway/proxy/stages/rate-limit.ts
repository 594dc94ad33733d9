// Stage: ai-rate-limiting-advanced (Kong priority 905: after key-auth, before ai-proxy). The one
// instance that applies (Kong's precedence) reads the counters of the request's identifier; when
// a limit of the answering provider (the ai-proxy instance's) is reached, Kong's 429 with its
// headers, and the request is not proxied. Otherwise the X-AI-RateLimit-* headers go on the
// response and, once the answer is over, `chargeRateLimit` (run by the handler after analytics)
// adds the tokens the answer reported — streams included — to every window of that provider.
// An instance this gateway cannot run faithfully answers 500 naming why (fail closed).
// With ai-proxy-advanced the provider is the target the balancer would pick next (its preview;
// the tries come later): Kong applies limits to the requested model, and a request that fails
// over is still charged to the windows checked here.
import { sendCoreError, sendPluginMessage } from '../../kong/index.js';
import { amountOf, decide, identify, rateLimitFor, type LimitState, type PreparedRateLimit } from '../../ratelimit/index.js';
import { pickInput, previewPick } from '../balancing.js';
import type { ProxyContext } from '../context.js';
import { countedUsage } from '../usage.js';

const NAME = 'ai-rate-limiting-advanced';

export function rateLimit(ctx: ProxyContext): void | Promise<void> {
  const { compiled, match, ai } = ctx;
  if (match === null || !compiled.plugins.has(NAME)) return;
  const plugin = compiled.plugins.select(NAME, {
    routeId: match.route.id,
    serviceId: match.service?.id ?? null,
    consumerId: ctx.consumer?.id ?? null,
    consumerGroupIds: ctx.consumerGroupIds,
  });
  if (plugin === null) return;
  const limiter = rateLimitFor(plugin);
  if (limiter.unsupported !== null) {
    compiled.logOnce(`rla:${plugin.id}`, `plugin '${NAME}' (${plugin.id}): ${limiter.unsupported}; requests it applies to are answered 500 and not proxied`);
    ctx.status = 500;
    sendCoreError(ctx, 500, 'json', `plugin '${NAME}' is configured for this request but ${limiter.unsupported}`);
    ctx.done = true;
    return;
  }
  if (ai === null) return; // no ai-proxy answers this route: no provider, nothing to count
  const identifier = identify(limiter.config, plugin, {
    req: ctx.req,
    path: ctx.path,
    consumerId: ctx.consumer?.id ?? null,
    credentialId: ctx.credentialId,
    serviceId: match.service?.id ?? null,
  });
  if (identifier === null) return;
  const series = limiter.series(identifier);
  if (series.length === 0) return;
  const provider = ctx.balanced === null ? ai.model.provider : providerOfNextTarget(ctx);
  const states = limiter.read(series, Date.now());
  if (states instanceof Promise) return states.then((s) => apply(ctx, limiter, s, provider));
  apply(ctx, limiter, states, provider);
}

function providerOfNextTarget(ctx: ProxyContext): string {
  const adv = ctx.balanced!.advanced;
  const next = previewPick(adv, pickInput(ctx.req.headers, ctx.requestId), Date.now());
  return adv.config.targets[next?.index ?? 0]!.model.provider;
}

function apply(ctx: ProxyContext, limiter: PreparedRateLimit, states: readonly LimitState[], provider: string): void {
  const decision = decide(limiter.config, provider, states);
  if (decision.refusal !== null) {
    ctx.status = decision.refusal.status;
    sendPluginMessage(ctx, decision.refusal.status, decision.refusal.message, decision.headers);
    ctx.done = true;
    return;
  }
  ctx.pluginHeaders = decision.headers;
  ctx.rateLimit = { limiter, series: states.filter((s) => s.limit.provider === provider).map((s) => s.limit) };
}

/**
 * The answer's token counts exactly as analytics logs them (log_statistics, proxy/usage.ts): the
 * upstream's, else Kong's estimates (a stream without a usage event, for one); null when there
 * was no answer (the same condition analytics counts tokens under).
 */
function answerUsage(ctx: ProxyContext): { prompt_tokens: number; completion_tokens: number } | null {
  if (ctx.ai === null || ctx.response === null) return null;
  const failure = ctx.upstreamFailure;
  const cut = failure !== null && failure.cut !== null && ctx.res.statusCode === 200;
  if (ctx.status !== 200 && !cut) return null;
  return countedUsage(ctx);
}

/** After the answer: its usage, counted as `tokens_count_strategy` says, on every window of its provider. */
export function chargeRateLimit(ctx: ProxyContext): void {
  const target = ctx.rateLimit;
  if (target === null || target.series.length === 0) return;
  const usage = answerUsage(ctx);
  if (usage === null) return;
  const options = ctx.ai?.config.model.options;
  const amount = amountOf(target.limiter.config.tokens_count_strategy, usage, {
    input: (options?.input_cost as number | null | undefined) ?? 0,
    output: (options?.output_cost as number | null | undefined) ?? 0,
  });
  if (amount > 0) target.limiter.charge(target.series, amount, Date.now());
}
