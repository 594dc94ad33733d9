// drivers/: one driver per `model.provider` behind one contract (driver.ts). `planFor` turns
// an ai-proxy config into the DriverPlan the proxy stages use — or the reason it cannot run,
// naming the field — and is the only place that looks a provider up. Shared pieces every driver
// uses: Kong's URL rules (target.ts), auth placement (auth.ts), option merging (options.ts),
// stream framing (framing.ts), OpenAI-format completion (openai-stream.ts), preserve.
import type { AiProxyConfig } from '../../schemas/index.js';
import type { Driver, DriverPlan, RouteType, Unsupported } from './driver.js';
import { anthropic } from './anthropic/index.js';
import { azure } from './azure/index.js';
import { bedrock } from './bedrock/index.js';
import { cohere } from './cohere/index.js';
import { gemini } from './gemini/index.js';
import { huggingface } from './huggingface/index.js';
import { COMPATIBLE_DRIVERS } from './openai/index.js';

export type {
  Driver,
  DriverPlan,
  ModelOptions,
  ModelSettings,
  NativeRequest,
  NoTarget,
  OperationCheck,
  OutgoingCall,
  ResponseTranslation,
  RouteType,
  StreamFailure,
  StreamStep,
  StreamTranslation,
  TokenUsage,
  Translated,
  TargetRequest,
  Translator,
  Unsupported,
} from './driver.js';
export { conversionFailure } from './driver.js';
export { describeAuth, withQueryCredential, type AuthPlan, type Credential } from './auth.js';
export { createDecoder, type FrameDecoder, type FrameEvent, type Framing } from './framing.js';
export { completeResponse, openAiIdentity, OpenAiStreamWriter, type OpenAiIdentity } from './openai-stream.js';
export { openAiStreamError } from './stream-error.js';
export type { UpstreamTarget } from './target.js';
export * as messages from './messages.js';

/** provider → driver. A provider missing here answers 500 naming `config.model.provider`. */
export const DRIVERS: ReadonlyMap<string, Driver> = new Map([huggingface, ...COMPATIBLE_DRIVERS, anthropic, bedrock, azure, cohere, gemini].map((d) => [d.provider, d]));

const TEXT_ROUTE_TYPES: ReadonlySet<string> = new Set(['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings', 'preserve']);
const NATIVE_ROUTE_TYPE = "native provider options in llm_format can only be used with the 'llm/v1/chat' route_type";

export function planFor(config: AiProxyConfig): DriverPlan | Unsupported {
  const routeType = config.route_type;
  if (!TEXT_ROUTE_TYPES.has(routeType)) {
    return {
      unsupported: `config.route_type '${routeType}' is not supported by this gateway: it proxies text only (llm/v1/chat, llm/v1/completions, llm/v1/embeddings, preserve)`,
      status: 400,
    };
  }
  if (config.llm_format !== 'openai' && routeType !== 'llm/v1/chat') return { unsupported: NATIVE_ROUTE_TYPE, status: 400 };
  const driver = DRIVERS.get(config.model.provider);
  if (driver === undefined) {
    const known = [...DRIVERS.keys()].join(', ');
    return { unsupported: `model.provider '${config.model.provider}' is not supported by this gateway yet; set config.model.provider to one of ${known}`, status: 500 };
  }
  return driver.plan(config, routeType as RouteType);
}

export function isUnsupported(p: DriverPlan | Unsupported): p is Unsupported {
  return 'unsupported' in p;
}
