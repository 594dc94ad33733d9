// OpenAI and the vendors that speak its wire at their own paths (Kong's default path for each,
// llm-providers.md §2.10): Bearer auth, OpenAI's error bodies. Cerebras, DashScope, xAI,
// Databricks and DeepSeek document OpenAI-compatible errors; OpenAI's shape is used for all.
import { bearerOf } from '../request.js';
import type { AuthResult, Ctx, Reply, Route, Vendor, VendorName } from '../vendor.js';
import { chatCompletion, embeddings, textCompletion, type OpenAiFlavor } from './openai-wire.js';

type Operation = 'chat' | 'completions' | 'embeddings';

const ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  413: { type: 'invalid_request_error', code: null, message: 'Request too large.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again in 1s.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

export function openAiError(status: number, message?: string): Reply {
  const e = ERRORS[status] ?? ERRORS[status >= 500 ? 500 : 400]!;
  return {
    status,
    headers: { 'x-request-id': 'req_mock_error', ...(status === 429 ? { 'retry-after': '1' } : {}) },
    body: { error: { message: message ?? e.message, type: e.type, param: null, code: e.code } },
  };
}

export function bearerAuth(ctx: Ctx, key: string | undefined, error: (status: number, message?: string) => Reply, missing = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."): AuthResult {
  if (key === undefined) return { verdict: 'unchecked' };
  const got = bearerOf(ctx);
  if (got === undefined) return { verdict: 'missing', reject: error(401, missing) };
  if (got !== key) return { verdict: 'invalid', reject: error(401) };
  return { verdict: 'valid' };
}

export interface OpenAiCompatibleSpec {
  readonly name: VendorName;
  /** Path → operation. */
  readonly paths: Readonly<Record<string, Operation>>;
  /** Regex paths (Databricks' `/serving-endpoints/{endpoint}/invocations`). */
  readonly patterns?: readonly (readonly [RegExp, Operation])[];
  readonly flavor: OpenAiFlavor;
  /** Headers on every answer the vendor's handler writes (OpenAI: Cloudflare's cookies). */
  readonly responseHeaders?: Readonly<Record<string, string | readonly string[]>>;
}

export function openAiCompatible(spec: OpenAiCompatibleSpec, key: string | undefined): Vendor {
  return {
    name: spec.name,
    route(method, path) {
      if (method !== 'POST') return undefined;
      const op = spec.paths[path];
      if (op) return { operation: op, params: {} };
      for (const [re, operation] of spec.patterns ?? []) {
        const m = re.exec(path);
        if (m) return { operation, params: { ...m.groups } };
      }
      return undefined;
    },
    authenticate: (ctx) => bearerAuth(ctx, key, openAiError),
    error: openAiError,
    handle(ctx: Ctx, route: Route) {
      // writeHead merges these into whatever the wire functions write
      for (const [name, value] of Object.entries(spec.responseHeaders ?? {})) ctx.res.setHeader(name, value);
      if (route.operation === 'chat') return chatCompletion(ctx, spec.flavor);
      if (route.operation === 'completions') return textCompletion(ctx, spec.flavor);
      return embeddings(ctx, spec.flavor);
    },
  };
}

const CLOUDFLARE_COOKIES = ['__cf_bm=mock-cf-bm; path=/; domain=.api.openai.com; HttpOnly; Secure; SameSite=None', '_cfuvid=mock-cfuvid; path=/; domain=.api.openai.com; HttpOnly; Secure; SameSite=None'];

const V1 = { '/v1/chat/completions': 'chat', '/v1/completions': 'completions', '/v1/embeddings': 'embeddings' } as const;

export const OPENAI_COMPATIBLE: readonly OpenAiCompatibleSpec[] = [
  // api.openai.com sits behind Cloudflare, whose cookies come with every answer (the reason
  // Kong's openai driver clears Set-Cookie).
  { name: 'openai', paths: V1, flavor: { defaultModel: 'gpt-4o-mini' }, responseHeaders: { 'set-cookie': CLOUDFLARE_COOKIES } },
  { name: 'cerebras', paths: { '/v1/chat/completions': 'chat', '/v1/completions': 'completions' }, flavor: { defaultModel: 'llama-3.3-70b' } },
  {
    name: 'dashscope',
    paths: { '/compatible-mode/v1/chat/completions': 'chat', '/compatible-mode/v1/completions': 'completions', '/compatible-mode/v1/embeddings': 'embeddings' },
    flavor: { defaultModel: 'qwen-plus' },
  },
  { name: 'xai', paths: { '/v1/chat/completions': 'chat', '/v1/completions': 'completions', '/v1/embeddings': 'embeddings' }, flavor: { defaultModel: 'grok-3' } },
  {
    name: 'databricks',
    // Kong's printed default, Databricks' OpenAI-compatible path, and the per-endpoint one.
    paths: { '/serving-endpoints/v1/chat/completions': 'chat', '/serving-endpoints/chat/completions': 'chat', '/serving-endpoints/v1/embeddings': 'embeddings', '/serving-endpoints/embeddings': 'embeddings' },
    patterns: [[/^\/serving-endpoints\/(?<endpoint>[^/]+)\/invocations$/, 'chat']],
    flavor: { defaultModel: 'databricks-meta-llama-3-3-70b-instruct', modelOptional: true },
  },
  { name: 'deepseek', paths: { '/v1/chat/completions': 'chat', '/chat/completions': 'chat', '/v1/completions': 'completions', '/beta/completions': 'completions' }, flavor: { defaultModel: 'deepseek-chat' } },
  { name: 'vllm', paths: V1, flavor: { defaultModel: 'meta-llama/Llama-3.1-8B-Instruct', usageOnLastChunk: false } },
];
