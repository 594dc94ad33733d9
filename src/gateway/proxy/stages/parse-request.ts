// Stage (ai-proxy): Content-Type (default application/json), strict UTF-8, JSON object — or
// Kong's 400 `content-type header does not match request body, or bad JSON formatting`. When
// ai-prompt-decorator or ai-prompt-guard applies, it runs before ai-proxy in Kong and answers
// first, with its own 400 (also for a body over its max_request_body_size).
import { sendPluginError } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';
import { messages } from '../../drivers/index.js';

/** The prompt plugins' message when they cannot parse the body, or it exceeds their max_request_body_size. */
const PROMPT_NOT_JSON = 'this LLM route only supports application/json requests';
const utf8 = new TextDecoder('utf-8', { fatal: true });
const JSON_TYPE = /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function parseRequest(ctx: ProxyContext): void {
  if (ctx.ai === null || ctx.ai.plan === null) return;
  const ct = ctx.req.headers['content-type'];
  let body: unknown;
  try {
    if (ct !== undefined && !JSON_TYPE.test(ct)) throw new Error('content type');
    body = JSON.parse(utf8.decode(ctx.rawBody ?? Buffer.alloc(0)));
  } catch {
    body = undefined;
  }
  const prompt = ctx.promptDecorator ?? ctx.promptGuard; // the first AI plugin to run parses the body
  const max = (prompt?.config as { max_request_body_size?: number } | undefined)?.max_request_body_size ?? 0;
  const tooBig = prompt !== undefined && prompt !== null && max > 0 && (ctx.rawBody?.length ?? 0) > max;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || tooBig) {
    ctx.status = 400;
    sendPluginError(ctx, 400, prompt ? PROMPT_NOT_JSON : messages.BAD_JSON);
    ctx.done = true;
    return;
  }
  ctx.body = body as Record<string, unknown>;
}
