// ai-proxy's `config` record: the one attribute table (ai-proxy.md 1.2; descriptions verbatim
// from the official provider's schema, konnect-provider-schema.json).
import { bool, int, rec, str } from '../kong-schema/index.js';
import { authRecord } from './auth.js';
import { modelRecord } from './model.js';

/** Kong's schema order: 3.10's values first, 3.11+ additions appended. */
export const ROUTE_TYPES = [
  'llm/v1/chat',
  'llm/v1/completions',
  'preserve',
  'llm/v1/embeddings',
  'llm/v1/files',
  'llm/v1/batches',
  'llm/v1/assistants',
  'llm/v1/responses',
  'realtime/v1/realtime',
  'audio/v1/audio/speech',
  'audio/v1/audio/transcriptions',
  'audio/v1/audio/translations',
  'image/v1/images/generations',
  'image/v1/images/edits',
  'video/v1/videos/generations',
] as const;

export const GENAI_CATEGORIES = [
  'text/generation',
  'text/embeddings',
  'audio/speech',
  'audio/transcription',
  'image/generation',
  'video/generation',
] as const;

export const LLM_FORMATS = ['openai', 'bedrock', 'gemini', 'cohere', 'huggingface', 'anthropic'] as const;

/** The fields ai-proxy-advanced's targets and config reuse as they are (Kong's llm.config_schema). */
export const routeTypeField = str('route_type', {
  required: true,
  enum: ROUTE_TYPES,
  description:
    'The model\'s operation implementation, for this provider. possible known values include one of ["audio/v1/audio/speech", "audio/v1/audio/transcriptions", "audio/v1/audio/translations", "image/v1/images/edits", "image/v1/images/generations", "llm/v1/assistants", "llm/v1/batches", "llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings", "llm/v1/files", "llm/v1/responses", "preserve", "realtime/v1/realtime", "video/v1/videos/generations"]',
});

export const genaiCategoryField = str('genai_category', {
  enum: GENAI_CATEGORIES,
  default: 'text/generation',
  description:
    'Generative AI category of the request. possible known values include one of ["audio/speech", "audio/transcription", "image/generation", "text/embeddings", "text/generation", "video/generation"]; Default: "text/generation"',
});

export const llmFormatField = str('llm_format', {
  enum: LLM_FORMATS,
  default: 'openai',
  description:
    'LLM input and output format and schema to use. possible known values include one of ["anthropic", "bedrock", "cohere", "gemini", "huggingface", "openai"]; Default: "openai"',
});

export const responseStreamingField = str('response_streaming', {
  enum: ['allow', 'deny', 'always'],
  default: 'allow',
  description:
    'Whether to \'optionally allow\', \'deny\', or \'always\' (force) the streaming of answers via server sent events. possible known values include one of ["allow", "always", "deny"]; Default: "allow"',
});

export const maxRequestBodySizeField = int('max_request_body_size', {
  default: 1048576,
  description:
    "max allowed body size allowed to be introspected. 0 means unlimited, but the size of this body will still be limited by Nginx's client_max_body_size. Default: 1048576",
});

export const modelNameHeaderField = bool('model_name_header', {
  default: true,
  description: 'Display the model name selected in the X-Kong-LLM-Model response header. Default: true',
});

export const loggingRecord = rec(
  'logging',
  [
    bool('log_statistics', {
      required: true,
      default: false,
      description:
        'If enabled and supported by the driver, will add model usage and token metrics into the Kong log plugin(s) output. Default: false',
    }),
    bool('log_payloads', {
      required: true,
      default: false,
      description:
        'If enabled, will log the request and response body into the Kong log plugin(s) output.Furthermore if Opentelemetry instrumentation is enabled the traces will contain this data as well. Default: false',
    }),
  ] as const,
  // Kong requires the record and fills it when absent; an explicit null (what the official
  // provider sends when `logging` is not configured) is accepted and kept, so a refresh
  // does not show drift.
  { required: true, nullable: true },
);

export const configRecord = rec(
  'config',
  [
    routeTypeField,
    genaiCategoryField,
    llmFormatField,
    responseStreamingField,
    maxRequestBodySizeField,
    modelNameHeaderField,
    authRecord,
    modelRecord,
    loggingRecord,
  ] as const,
  { required: true },
);
