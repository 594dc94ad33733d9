// The cohere driver (Kong's cohere.lua; reference llm-providers 2.4): OpenAI-format chat
// (`https://api.cohere.com:443/v1/chat`) and completions (`/v1/generate`) through
// openai-format.ts, native `llm_format: cohere` (Cohere's own API, bytes forwarded) through
// native-format.ts, and preserve. Kong's URL rules: `upstream_url` is used as is (`/` when it
// has no path), `upstream_path` replaces the default path. Auth as Kong's cohere driver: the
// header (`Authorization: Bearer <key>`) or a query parameter, `allow_override` honoured.
// No embeddings: Kong 3.10 has no cohere embeddings transformer (Kong's 400 `no transformer`).
import type { AiProxyConfig } from '../../../schemas/index.js';
import { planAuth } from '../auth.js';
import type { Driver, DriverPlan, ModelOptions, NoTarget, RouteType, Unsupported } from '../driver.js';
import { noTransformer } from '../messages.js';
import { preserveTranslator } from '../preserve.js';
import { kongTarget, targetFromUrl, withRootPath, type UpstreamTarget } from '../target.js';
import { cohereToCohere } from './native-format.js';
import { openAiToCohere } from './openai-format.js';

export { openAiToCohere } from './openai-format.js';
export { cohereToCohere } from './native-format.js';

const BASE = 'https://api.cohere.com:443';
const PATHS: Partial<Record<RouteType, string>> = { 'llm/v1/chat': '/v1/chat', 'llm/v1/completions': '/v1/generate' };

function plan(config: AiProxyConfig, routeType: RouteType): DriverPlan | Unsupported {
  const native = config.llm_format === 'cohere';
  if (config.llm_format !== 'openai' && !native) {
    return { unsupported: `llm_format '${config.llm_format}' is not supported for cohere; set config.llm_format to openai or cohere`, status: 500 };
  }
  const options = (config.model.options ?? null) as ModelOptions | null;
  const upstreamUrl = options?.upstream_url ?? null;
  const upstreamPath = options?.upstream_path ?? null;
  const auth = planAuth(config.auth, { headerOverride: true, queryParam: true });
  const bad: NoTarget = { status: 500, message: `config.model.options.upstream_url '${upstreamUrl ?? ''}' is not a URL this gateway can call`, plain: false };
  const base = { auth };
  if (native) {
    const host = targetFromUrl(upstreamUrl ?? BASE);
    return {
      ...base,
      name: 'cohere (native cohere: /v1/chat, /v1/generate, /v1/embed, /v2/chat, /v2/embed, rerank)',
      translator: cohereToCohere,
      target: ({ operation }) => (host === null ? bad : { ...host, path: `/${operation ?? 'v1/chat'}` }),
    };
  }
  if (routeType === 'preserve') {
    const host = targetFromUrl(upstreamUrl ?? BASE);
    const t: UpstreamTarget | null = host === null ? null : upstreamPath !== null ? withRootPath(upstreamUrl !== null ? host : { ...host, path: upstreamPath }) : { ...host, path: null, clientPath: true };
    return { ...base, name: 'cohere', translator: preserveTranslator('ndjson'), target: () => t ?? bad };
  }
  const path = PATHS[routeType];
  if (path === undefined) return { unsupported: noTransformer('cohere', routeType), status: 400 };
  const target = withRootPath(kongTarget(upstreamUrl, BASE, path, upstreamPath));
  return { ...base, name: 'cohere', translator: openAiToCohere, target: () => target ?? bad };
}

export const cohere: Driver = { provider: 'cohere', plan };
