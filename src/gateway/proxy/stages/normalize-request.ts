// Stage (ai-proxy): Kong's shared validation (normalize-request.lua, in Kong's order), then the
// driver's translation to the upstream body and its target (reference 4.1, 4.2, 4.6; native 5.6
// items 2, 3, 5). Errors are Kong's 400s. `preserve` skips validation and translation.
// ai-proxy-advanced builds each try's call with `buildAiCall` (stages/balance.ts): on a retry
// the client's own `model` is not held against the new target — Kong's bail is a no-op in the
// balancer phase, so the retry goes on with the target's configured model.
import { sendPluginError, sendPluginText } from '../../kong/index.js';
import { messages as m, type DriverPlan } from '../../drivers/index.js';
import type { PreparedAiProxy } from '../ai-proxy.js';
import type { ProxyContext } from '../context.js';
import { aiProxyAddress, serviceAddress } from '../upstream-call.js';

/** Kong's answer instead of an upstream call: `{"error":{"message"}}`, or a bare string when `plain`. */
export interface CallRefusal {
  readonly status: number;
  readonly message: string;
  readonly plain: boolean;
}

const refusal = (status: number, message: string, plain = false): CallRefusal => ({ status, message, plain });

/** The configured model wins; a client naming another is refused (`cannot use own model`) — except on a retry. */
function checkModel(ctx: ProxyContext, ai: PreparedAiProxy, body: Record<string, unknown>, retry: boolean): string | null {
  const configured = ai.model.name;
  const own = typeof body.model === 'string' && body.model !== '' ? body.model : null;
  if (!retry && configured !== null && own !== null && own !== configured) return m.ownModel(configured);
  if (configured === null && own === null) return m.NO_MODEL;
  ctx.requestModel = configured ?? own;
  return null;
}

/** stream: true in the body or response_streaming: always; deny refuses it. */
function checkStream(ctx: ProxyContext, ai: PreparedAiProxy, body: Record<string, unknown>): string | null {
  const wantsStream = body.stream === true || ai.config.response_streaming === 'always';
  if (wantsStream && ai.config.response_streaming === 'deny') return m.STREAMING_DENIED;
  if (wantsStream && ai.plan?.translator.streams === false) return m.noTransformer(ai.model.provider, `stream/${ai.routeType}`);
  if (wantsStream) body.stream = true;
  ctx.stream = wantsStream;
  return null;
}

/** The OpenAI-format checks of normalize-request.lua, in Kong's order. Returns an error message or null. */
function validateOpenAi(ctx: ProxyContext, ai: PreparedAiProxy, body: Record<string, unknown>, retry: boolean): string | null {
  if (ai.routeType === 'llm/v1/embeddings') {
    if (body.input === undefined || body.input === null || body.input === '') return m.NO_PROMPTS;
    return checkModel(ctx, ai, body, retry);
  }
  const hasMessages = body.messages !== undefined;
  const hasPrompt = body.prompt !== undefined;
  if (hasMessages && hasPrompt) return m.MULTIPLE_FORMATS;
  if (ai.routeType === 'llm/v1/chat' && hasPrompt) return m.incompatible('llm/v1/completions', 'llm/v1/chat');
  if (ai.routeType === 'llm/v1/completions' && hasMessages) return m.incompatible('llm/v1/chat', 'llm/v1/completions');
  const validMessages = Array.isArray(body.messages) && body.messages.length > 0;
  if (!validMessages && typeof body.prompt !== 'string') return m.NO_PROMPTS;
  return checkModel(ctx, ai, body, retry) ?? checkStream(ctx, ai, body);
}

function validate(ctx: ProxyContext, ai: PreparedAiProxy, plan: DriverPlan, body: Record<string, unknown>, retry: boolean): string | null {
  if (plan.translator.nativeRequest !== undefined) {
    const native = plan.translator.nativeRequest(body, ctx.operation);
    if (!native.ok) return native.message;
    const configured = ai.model.name;
    const own = native.model ?? ctx.requestModel; // the body's, else the path's (check-operation)
    if (!retry && configured !== null && own !== null && own !== '' && own !== configured) return m.ownModel(configured);
    ctx.requestModel = configured ?? own;
    if (native.stream !== undefined) {
      if (native.stream && ai.config.response_streaming === 'deny') return m.STREAMING_DENIED;
      ctx.stream = native.stream;
    }
    return null;
  }
  if (ai.routeType === 'preserve') {
    ctx.requestModel = ai.model.name ?? (typeof body.model === 'string' ? body.model : null);
    ctx.stream = body.stream === true;
    return null;
  }
  return validateOpenAi(ctx, ai, body, retry);
}

export function normalizeRequest(ctx: ProxyContext): void {
  const ai = ctx.ai;
  if (ai === null) return planPlainProxy(ctx);
  const refused = buildAiCall(ctx, ai, false);
  if (refused === null) return;
  ctx.status = refused.status;
  if (refused.plain) sendPluginText(ctx, refused.status, refused.message);
  else sendPluginError(ctx, refused.status, refused.message);
  ctx.done = true;
}

/**
 * Validates ctx.body for `ai` and sets ctx.upstream (body translated for its driver), the
 * request model and stream flag; or returns Kong's refusal. `retry`: a later try of
 * ai-proxy-advanced (the client's model is not held against this target).
 */
const NO_BYTES = Buffer.alloc(0);

export function buildAiCall(ctx: ProxyContext, ai: PreparedAiProxy, retry: boolean): CallRefusal | null {
  const plan = ai.plan;
  if (plan === null) return refusal(ai.unsupported!.status, ai.unsupported!.message);
  const body = ctx.body!;
  const problem = validate(ctx, ai, plan, body, retry);
  if (problem !== null) return refusal(400, problem);
  const target = plan.target({ operation: ctx.operation, stream: ctx.stream, model: ctx.requestModel });
  if (!('origin' in target)) return refusal(target.status, target.message, target.plain);
  const passthrough = plan.translator.passthrough;
  // param_location: body auth (normalize-request applies it for every provider).
  let changed = !passthrough;
  const param = plan.auth.body;
  if (param !== null && (!plan.auth.bodyOverridable || body[param.name] === undefined)) {
    body[param.name] = param.value;
    changed = true;
  }
  // Only passthrough translators read `raw` (the others serialise their own body): the body is
  // serialised again only when the auth parameter changed what a passthrough forwards.
  const raw = passthrough && changed ? Buffer.from(JSON.stringify(body)) : (ctx.rawBody ?? NO_BYTES);
  const translated = plan.translator.requestBody(body, raw, ai.routeType, ai.model);
  // Kong's text; a driver whose Kong counterpart gives the reason (gemini) returns the whole message
  if (!translated.ok) return refusal(400, translated.message.startsWith('error transforming to ') ? translated.message : m.transformError(ai.model.provider, ai.routeType));
  ctx.upstream = { ...aiProxyAddress(target, ctx.match!, ctx.query, ctx.path), body: translated.value };
  if (!passthrough) {
    ctx.setHeaders['content-type'] = 'application/json';
    ctx.dropHeaders.add('accept-encoding'); // the answer is converted: ask for identity
  }
  return null;
}

/** A route without ai-proxy is proxied to its service like any Kong route. */
function planPlainProxy(ctx: ProxyContext): void {
  const service = ctx.match!.service;
  if (service === null) {
    ctx.status = 503;
    ctx.res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'x-kong-request-id': ctx.requestId });
    ctx.res.end(`{\n  "message":"no Service found with those values",\n  "request_id":"${ctx.requestId}"\n}`);
    ctx.done = true;
    return;
  }
  ctx.upstream = { ...serviceAddress(service, ctx.match!, ctx.query), body: ctx.rawBody };
}
