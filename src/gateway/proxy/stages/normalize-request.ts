// Stage (ai-proxy): Kong's shared validation and the translation to the upstream body and
// target (reference 4.1, 4.2, 4.6; native 5.6 items 2, 3, 5). Errors are Kong's 400s.
import { sendPluginError, sendPluginText } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';
import { aiProxyAddress, aiProxyTarget, serviceAddress } from '../upstream-call.js';
import {
  incompatible,
  MULTIPLE_FORMATS,
  NO_HF_ENDPOINT,
  NO_MODEL,
  NO_PROMPTS,
  ownModel,
  STREAMING_DENIED,
} from './messages.js';

function fail(ctx: ProxyContext, status: number, message: string): void {
  ctx.status = status;
  sendPluginError(ctx, status, message);
  ctx.done = true;
}

/** The OpenAI-format checks of normalize-request.lua, in Kong's order. Returns an error message or null. */
function validateOpenAi(ctx: ProxyContext, body: Record<string, unknown>): string | null {
  const ai = ctx.ai!;
  const hasMessages = body.messages !== undefined;
  const hasPrompt = body.prompt !== undefined;
  if (hasMessages && hasPrompt) return MULTIPLE_FORMATS;
  if (ai.routeType === 'llm/v1/chat' && hasPrompt) return incompatible('llm/v1/completions', 'llm/v1/chat');
  if (ai.routeType === 'llm/v1/completions' && hasMessages) return incompatible('llm/v1/chat', 'llm/v1/completions');
  const validMessages = Array.isArray(body.messages) && body.messages.length > 0;
  if (!validMessages && typeof body.prompt !== 'string') return NO_PROMPTS;
  const configured = ai.model.name;
  const own = typeof body.model === 'string' && body.model !== '' ? body.model : null;
  if (configured !== null && own !== null && own !== configured) return ownModel(configured);
  if (configured === null && own === null) return NO_MODEL;
  ctx.requestModel = configured ?? own;
  const wantsStream = body.stream === true || ai.config.response_streaming === 'always';
  if (wantsStream && ai.config.response_streaming === 'deny') return STREAMING_DENIED;
  if (wantsStream) body.stream = true;
  ctx.stream = wantsStream;
  return null;
}

export function normalizeRequest(ctx: ProxyContext): void {
  const ai = ctx.ai;
  if (ai === null) return planPlainProxy(ctx);
  if (ai.unsupported !== null) return fail(ctx, 500, ai.unsupported);
  const body = ctx.body!;
  if (ai.native) {
    if (typeof body.inputs !== 'string') return fail(ctx, 400, NO_PROMPTS);
    ctx.requestModel = ai.model.name;
  } else {
    const problem = validateOpenAi(ctx, body);
    if (problem !== null) return fail(ctx, 400, problem);
  }
  const target = aiProxyTarget(ai, ctx.operation);
  if (target === null) {
    ctx.status = 400;
    sendPluginText(ctx, 400, NO_HF_ENDPOINT);
    ctx.done = true;
    return;
  }
  // param_location: body auth (normalize-request applies it for every provider).
  let changed = !ai.native;
  if (ai.authBodyParam !== null && (!ai.allowOverride || body[ai.authBodyParam.name] === undefined)) {
    body[ai.authBodyParam.name] = ai.authBodyParam.value;
    changed = true;
  }
  const raw = ai.native && !changed ? ctx.rawBody! : Buffer.from(JSON.stringify(body));
  const translated = ai.translator!.requestBody(body, raw, ai.routeType, ai.model);
  if (!translated.ok) return fail(ctx, 400, `error transforming to huggingface://${ai.routeType}`);
  ctx.upstream = { ...aiProxyAddress(target, ctx.match!, ctx.query), body: translated.value };
  if (!ai.native) {
    ctx.setHeaders['content-type'] = 'application/json';
    ctx.dropHeaders.add('accept-encoding'); // the answer is converted: ask for identity
  }
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
