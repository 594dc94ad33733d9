// An ai-proxy plugin instance prepared for the request path: translator, upstream targets,
// auth and limits are worked out once per snapshot, not per request.
import type { Plugin } from '../../schemas/entities.js';
import type { AiProxyConfig } from '../../schemas/index.js';
import { HUGGINGFACE_TRANSLATORS, type ModelSettings, type RouteType, type Translator } from '../translators/index.js';
import { nativeTarget, openAiFormatTarget, type UpstreamTarget } from '../upstream/index.js';

export interface PreparedAiProxy {
  readonly plugin: Plugin;
  readonly config: AiProxyConfig;
  /** null when provider/format/route type is one this gateway does not proxy (message in `unsupported`). */
  readonly translator: Translator | null;
  readonly unsupported: string | null;
  readonly routeType: RouteType;
  readonly native: boolean;
  readonly model: ModelSettings;
  readonly authHeader: { readonly name: string; readonly value: string } | null;
  readonly authBodyParam: { readonly name: string; readonly value: string } | null;
  readonly allowOverride: boolean;
  /** 0 = unlimited. */
  readonly maxBody: number;
  readonly nativeTargets: { readonly generate: UpstreamTarget | null; readonly generate_stream: UpstreamTarget | null };
  readonly openAiTarget: UpstreamTarget | null;
}

const ROUTE_TYPES: ReadonlySet<string> = new Set(['llm/v1/chat', 'llm/v1/completions']);

export function prepareAiProxy(plugin: Plugin): PreparedAiProxy {
  const config = plugin.config as unknown as AiProxyConfig;
  const model = config.model as unknown as ModelSettings;
  const upstreamUrl = (config.model.options?.upstream_url as string | null | undefined) ?? null;
  const name = config.model.name ?? null;
  const translator = config.model.provider === 'huggingface' ? (HUGGINGFACE_TRANSLATORS[config.llm_format] ?? null) : null;
  let unsupported: string | null = null;
  if (config.model.provider !== 'huggingface') {
    unsupported = `model.provider '${config.model.provider}' is not supported by this gateway; set config.model.provider to huggingface`;
  } else if (translator === null) {
    unsupported = `llm_format '${config.llm_format}' is not supported for huggingface by this gateway; set config.llm_format to openai or huggingface`;
  } else if (!ROUTE_TYPES.has(config.route_type)) {
    unsupported = `route_type '${config.route_type}' is not supported for huggingface by this gateway; use llm/v1/chat or llm/v1/completions`;
  }
  const auth = config.auth;
  return {
    plugin,
    config,
    translator,
    unsupported,
    routeType: config.route_type as RouteType,
    native: config.llm_format === 'huggingface',
    model,
    authHeader: auth?.header_name && auth.header_value != null ? { name: auth.header_name.toLowerCase(), value: auth.header_value } : null,
    authBodyParam:
      auth?.param_name && auth.param_value != null && auth.param_location === 'body' ? { name: auth.param_name, value: auth.param_value } : null,
    allowOverride: auth?.allow_override === true,
    maxBody: config.max_request_body_size ?? 0,
    nativeTargets: { generate: nativeTarget(upstreamUrl, name, 'generate'), generate_stream: nativeTarget(upstreamUrl, name, 'generate_stream') },
    openAiTarget: openAiFormatTarget(upstreamUrl, name, config.route_type),
  };
}
