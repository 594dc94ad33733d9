// ai-proxy-advanced's `config` record: the one attribute table (Kong 3.15's schema = Konnect's
// `AiProxyAdvancedPlugin`, reference kong-ai-plugins.md §1.1-1.3). The top-level fields it
// shares with ai-proxy are ai-proxy's own; targets are ai-proxy configs plus weight/description.
import { arr, el, rec, str } from '../kong-schema/index.js';
import {
  GENAI_CATEGORIES,
  llmFormatField,
  maxRequestBodySizeField,
  modelNameHeaderField,
  responseStreamingField,
} from '../ai-proxy/config.js';
import { aclsRecord } from './acls.js';
import { balancerRecord } from './balancer.js';
import { embeddingsRecord, vectordbRecord } from './semantic.js';
import { targetFields } from './target.js';

/** ai-proxy's categories plus `realtime/generation`, which this plugin's schema lists. */
export const AIPA_GENAI_CATEGORIES = [...GENAI_CATEGORIES, 'realtime/generation'] as const;

export const aipaConfigRecord = rec(
  'config',
  [
    arr('targets', el.rec(targetFields), { required: true }),
    balancerRecord,
    embeddingsRecord,
    vectordbRecord,
    aclsRecord,
    str('genai_category', {
      enum: AIPA_GENAI_CATEGORIES,
      default: 'text/generation',
      description: 'Generative AI category of the request. Default: "text/generation"',
    }),
    llmFormatField,
    responseStreamingField,
    maxRequestBodySizeField,
    modelNameHeaderField,
  ] as const,
  { required: true },
);
