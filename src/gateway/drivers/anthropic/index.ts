// The anthropic driver (Kong's anthropic.lua; reference llm-providers 2.3): OpenAI-format chat →
// the Messages API (`/v1/messages`), completions → the legacy `/v1/complete`, preserve, and the
// native Messages API (`llm_format: anthropic`). Every call gets `anthropic-version:
// <model.options.anthropic_version>` (required, as Kong's schema says). Auth as Kong places it:
// `auth.header_name: header_value` (Anthropic's is `x-api-key`), kept from the client with
// allow_override; `param_location` query or body. Kong's URL rules: `upstream_url` replaces scheme,
// host, port and path (`/` when it has none); `upstream_path` replaces the default path.
import type { AiProxyConfig } from '../../../schemas/index.js';
import { planAuth } from '../auth.js';
import type { Driver, DriverPlan, ModelOptions, RouteType, Translator, Unsupported } from '../driver.js';
import { noTransformer } from '../messages.js';
import { preserveTranslator } from '../preserve.js';
import { kongTarget, targetFromUrl, withRootPath, type UpstreamTarget } from '../target.js';
import { openAiToAnthropicCompletions } from './completions.js';
import { anthropicToAnthropic } from './native-format.js';
import { openAiToAnthropic } from './openai-format.js';

export { openAiToAnthropicCompletions } from './completions.js';
export { anthropicToAnthropic } from './native-format.js';
export { openAiToAnthropic } from './openai-format.js';

const BASE = 'https://api.anthropic.com:443';
const PATHS: Partial<Record<RouteType, string>> = { 'llm/v1/chat': '/v1/messages', 'llm/v1/completions': '/v1/complete' };

function plan(config: AiProxyConfig, routeType: RouteType): DriverPlan | Unsupported {
  const options = (config.model.options ?? null) as ModelOptions | null;
  const version = options?.anthropic_version;
  if (typeof version !== 'string' || version === '') return { unsupported: "must set 'model.options.anthropic_version' for anthropic provider", status: 500 };
  const upstreamUrl = options?.upstream_url ?? null;
  const upstreamPath = options?.upstream_path ?? null;
  const native = config.llm_format === 'anthropic';
  if (config.llm_format !== 'openai' && !native) {
    return { unsupported: `llm_format '${config.llm_format}' is not supported for anthropic; set config.llm_format to openai or anthropic`, status: 500 };
  }
  let translator: Translator;
  let target: UpstreamTarget | null;
  if (routeType === 'preserve') {
    translator = preserveTranslator('sse');
    const host = targetFromUrl(upstreamUrl ?? BASE);
    target = host === null ? null : upstreamPath === null ? { ...host, path: null, clientPath: true } : withRootPath(upstreamUrl !== null ? host : { ...host, path: upstreamPath });
  } else {
    const path = PATHS[native ? 'llm/v1/chat' : routeType];
    if (path === undefined) return { unsupported: noTransformer('anthropic', routeType), status: 400 };
    translator = native ? anthropicToAnthropic : routeType === 'llm/v1/completions' ? openAiToAnthropicCompletions : openAiToAnthropic;
    target = withRootPath(kongTarget(upstreamUrl, BASE, path, upstreamPath));
  }
  const none = { status: 500, message: `config.model.options.upstream_url '${upstreamUrl ?? ''}' is not a URL this gateway can call`, plain: false };
  return {
    name: native ? 'anthropic (native anthropic: /v1/messages)' : 'anthropic',
    translator,
    auth: planAuth(config.auth, { headerOverride: true, queryParam: true }),
    headers: { 'anthropic-version': version },
    target: () => target ?? none,
  };
}

export const anthropic: Driver = { provider: 'anthropic', plan };
