// The huggingface driver (Kong's huggingface.lua; reference ai-proxy 4 and 5): OpenAI format
// (chat, completions) through openai-format.ts, native `/generate` and `/generate_stream`
// (`llm_format: huggingface`) through native-format.ts. Auth: the header is set whatever the
// client sent in OpenAI format (Kong's HF driver ignores allow_override), honours
// allow_override in native format; no query param.
import type { AiProxyConfig } from '../../../schemas/index.js';
import { planAuth } from '../auth.js';
import type { Driver, DriverPlan, RouteType, Unsupported } from '../driver.js';
import { NO_HF_ENDPOINT, noTransformer } from '../messages.js';
import { huggingFaceToHuggingFace } from './native-format.js';
import { openAiToHuggingFace } from './openai-format.js';
import { nativeTarget, openAiFormatTarget } from './target.js';

export { conversionFailure } from '../driver.js';
export type { ModelSettings, ResponseTranslation, RouteType, StreamStep, TokenUsage, Translated, Translator } from '../driver.js';
export { huggingFaceToHuggingFace, nativeOperation } from './native-format.js';
export { openAiToHuggingFace } from './openai-format.js';

const NO_ENDPOINT = { status: 400, message: NO_HF_ENDPOINT, plain: true } as const;

function plan(config: AiProxyConfig, routeType: RouteType): DriverPlan | Unsupported {
  const upstreamUrl = (config.model.options?.upstream_url as string | null | undefined) ?? null;
  const name = config.model.name ?? null;
  if (config.llm_format === 'huggingface') {
    const targets = { generate: nativeTarget(upstreamUrl, name, 'generate'), generate_stream: nativeTarget(upstreamUrl, name, 'generate_stream') };
    return {
      name: 'huggingface (native huggingface: /generate, /generate_stream)',
      translator: huggingFaceToHuggingFace,
      auth: planAuth(config.auth, { headerOverride: true, queryParam: false }),
      target: ({ operation }) => (operation === 'generate' || operation === 'generate_stream' ? targets[operation] : null) ?? NO_ENDPOINT,
    };
  }
  if (config.llm_format !== 'openai') {
    return { unsupported: `llm_format '${config.llm_format}' is not supported for huggingface by this gateway; set config.llm_format to openai or huggingface`, status: 500 };
  }
  if (routeType !== 'llm/v1/chat' && routeType !== 'llm/v1/completions') return { unsupported: noTransformer('huggingface', routeType), status: 400 };
  const target = openAiFormatTarget(upstreamUrl, name, routeType);
  return {
    name: 'huggingface',
    translator: openAiToHuggingFace,
    auth: planAuth(config.auth, { headerOverride: false, queryParam: false }),
    target: () => target ?? NO_ENDPOINT,
  };
}

export const huggingface: Driver = { provider: 'huggingface', plan };
