// One driver shape for OpenAI and every provider Kong drives with the OpenAI driver or the
// Ollama format: a table of default hosts and paths per route type (Kong's upstream_url_format
// and operation_map; post-3.10 providers from Kong's docs), the format the upstream speaks, and
// Kong's auth rules for the family (allow_override honoured, param_location query applied).
import type { AiProxyConfig } from '../../../schemas/index.js';
import { planAuth } from '../auth.js';
import type { Driver, DriverPlan, ModelOptions, NoTarget, RouteType, Translator, Unsupported } from '../driver.js';
import { noTransformer } from '../messages.js';
import { preserveTranslator } from '../preserve.js';
import { kongTarget, targetFromUrl, withRootPath, type UpstreamTarget } from '../target.js';
import { openAiToLlama2Raw } from './llama2-raw.js';
import { openAiToOllama } from './ollama-format.js';
import { openAiPassthrough } from './passthrough.js';

/** The upstream's wire format in OpenAI-format mode. */
export type WireFormat = 'openai' | 'ollama' | 'raw';

export interface CompatibleSpec {
  readonly provider: string;
  /** Default base URL (scheme://host[:port]) from the options, or null: `upstream_url` is required. */
  base(options: ModelOptions | null): string | null;
  /** Why there is no base (names the field to set), when base() is null. */
  readonly needs?: string;
  /** Default path per route type; a route type absent here has no transformer (Kong's 400). */
  readonly paths: Partial<Record<Exclude<RouteType, 'preserve'>, string>>;
  /** The format, from the options (mistral_format, llama2_format) or fixed. */
  format(options: ModelOptions | null): WireFormat | { readonly unsupported: string };
  /**
   * Self-hosted providers (ollama, vllm): an `upstream_url` without a path gets the route type's
   * default path appended (our decision for these post-3.10 providers; Kong 3.10's OpenAI-family
   * rule would call `/`).
   */
  readonly appendDefaultPath?: boolean;
}

const TRANSLATORS: Record<WireFormat, Translator> = { openai: openAiPassthrough, ollama: openAiToOllama, raw: openAiToLlama2Raw };
/** Kong 3.10's clear_response_headers (post_request) for the providers of this family that have them. */
const CLEARS_SET_COOKIE: ReadonlySet<string> = new Set(['openai', 'mistral']);
const SELF_HOSTED = "must set 'model.options.upstream_url' for self-hosted providers/models";

function plan(spec: CompatibleSpec, config: AiProxyConfig, routeType: RouteType): DriverPlan | Unsupported {
  const options = (config.model.options ?? null) as ModelOptions | null;
  const upstreamUrl = options?.upstream_url ?? null;
  const upstreamPath = options?.upstream_path ?? null;
  const format = spec.format(options);
  if (typeof format !== 'string') return { unsupported: format.unsupported, status: 500 };
  if (config.llm_format !== 'openai') {
    return { unsupported: `llm_format '${config.llm_format}' is not supported for ${spec.provider}; set config.llm_format to openai`, status: 500 };
  }
  const base = spec.base(options);
  if (upstreamUrl === null && base === null) return { unsupported: spec.needs ?? SELF_HOSTED, status: 500 };
  const auth = planAuth(config.auth, { headerOverride: true, queryParam: true });
  const framing = format === 'ollama' ? 'ndjson' : 'sse';
  const shown = format === 'openai' || spec.provider === 'ollama' ? spec.provider : `${spec.provider} (${format} format)`;
  let target: UpstreamTarget | null;
  let translator: Translator;
  if (routeType === 'preserve') {
    target = preserveTarget(upstreamUrl, base, upstreamPath);
    translator = preserveTranslator(framing);
  } else {
    const path = spec.paths[routeType];
    if (path === undefined) return { unsupported: noTransformer(spec.provider, routeType), status: 400 };
    const url = upstreamUrl !== null && spec.appendDefaultPath && targetFromUrl(upstreamUrl)?.path == null ? `${upstreamUrl.replace(/\/+$/, '')}${path}` : upstreamUrl;
    target = withRootPath(kongTarget(url, base, path, upstreamPath));
    translator = TRANSLATORS[format];
  }
  const none: NoTarget = { status: 500, message: `config.model.options.upstream_url '${upstreamUrl ?? ''}' is not a URL this gateway can call`, plain: false };
  return {
    name: shown,
    translator,
    auth,
    target: () => target ?? none,
    ...(CLEARS_SET_COOKIE.has(spec.provider) ? { clearResponseHeaders: ['set-cookie'] } : {}),
  };
}

/**
 * Kong's override_upstream_url for `preserve`: the host of upstream_url (or the default), the
 * client's own path — unless upstream_path is set: then upstream_url's path, or upstream_path on
 * the default host.
 */
function preserveTarget(upstreamUrl: string | null, base: string | null, upstreamPath: string | null): UpstreamTarget | null {
  const url = upstreamUrl ?? base;
  const host = url === null ? null : targetFromUrl(url);
  if (host === null) return null;
  if (upstreamPath === null) return { ...host, path: null, clientPath: true };
  return withRootPath(upstreamUrl !== null ? host : { ...host, path: upstreamPath });
}

export function compatibleDriver(spec: CompatibleSpec): Driver {
  return { provider: spec.provider, plan: (config, routeType) => plan(spec, config, routeType) };
}

const OPENAI_PATHS = { 'llm/v1/chat': '/v1/chat/completions', 'llm/v1/completions': '/v1/completions', 'llm/v1/embeddings': '/v1/embeddings' } as const;
const CHAT_ONLY = { 'llm/v1/chat': '/v1/chat/completions' } as const;
const OLLAMA_PATHS = { 'llm/v1/chat': '/api/chat', 'llm/v1/completions': '/api/generate', 'llm/v1/embeddings': '/api/embed' } as const;
const openai = (): WireFormat => 'openai';

function chosen(field: 'mistral_format' | 'llama2_format', provider: string, allowed: readonly WireFormat[]) {
  return (o: ModelOptions | null): WireFormat | { unsupported: string } => {
    const f = o?.[field] ?? null;
    if ((allowed as readonly (string | null)[]).includes(f)) return f as WireFormat;
    if (f === null) return { unsupported: `must set 'model.options.${field}' for ${provider} provider` };
    return { unsupported: `model.options.${field} '${f}' is not supported by this gateway yet; set it to one of ${allowed.join(', ')}` };
  };
}

/** Kong's defaults per provider (3.10 code for openai, mistral, llama2; Kong's docs for the later ones). */
export const COMPATIBLE_SPECS: readonly CompatibleSpec[] = [
  { provider: 'openai', base: () => 'https://api.openai.com:443', paths: OPENAI_PATHS, format: openai },
  { provider: 'cerebras', base: () => 'https://api.cerebras.ai:443', paths: CHAT_ONLY, format: openai },
  {
    provider: 'dashscope',
    base: (o) => (o?.dashscope?.international === false ? 'https://dashscope.aliyuncs.com:443' : 'https://dashscope-intl.aliyuncs.com:443'),
    paths: { 'llm/v1/chat': '/compatible-mode/v1/chat/completions', 'llm/v1/embeddings': '/compatible-mode/v1/embeddings' },
    format: openai,
  },
  { provider: 'xai', base: () => 'https://api.x.ai:443', paths: CHAT_ONLY, format: openai },
  {
    provider: 'databricks',
    base: (o) => (o?.databricks?.workspace_instance_id ? `https://${o.databricks.workspace_instance_id}.cloud.databricks.com:443` : null),
    needs: "must set 'model.options.databricks.workspace_instance_id' (or 'model.options.upstream_url') for databricks provider",
    paths: { 'llm/v1/chat': '/serving-endpoints/v1/chat/completions' },
    format: openai,
  },
  { provider: 'deepseek', base: () => 'https://api.deepseek.com:443', paths: CHAT_ONLY, format: openai },
  { provider: 'vllm', base: () => null, paths: { 'llm/v1/chat': '/v1/chat/completions', 'llm/v1/completions': '/v1/completions' }, format: openai, appendDefaultPath: true },
  { provider: 'ollama', base: () => null, paths: OLLAMA_PATHS, format: () => 'ollama', appendDefaultPath: true },
  {
    provider: 'mistral',
    // mistral_format ollama has no default host: upstream_url is required
    base: (o) => (o?.mistral_format === 'ollama' ? null : 'https://api.mistral.ai:443'),
    // Kong: completions have no default path (`/`): set upstream_url for them
    paths: { 'llm/v1/chat': '/v1/chat/completions', 'llm/v1/completions': '/', 'llm/v1/embeddings': '/v1/embeddings' },
    format: chosen('mistral_format', 'mistral', ['openai', 'ollama']),
  },
  {
    provider: 'llama2',
    base: () => null,
    paths: { 'llm/v1/chat': '', 'llm/v1/completions': '' },
    format: chosen('llama2_format', 'llama2', ['openai', 'ollama', 'raw']),
  },
];
