// The azure driver (Kong's azure.lua; reference llm-providers 2.2): Azure OpenAI speaks
// OpenAI's wire format at a deployment path —
// `https://{azure_instance}.openai.azure.com:443/openai/deployments/{azure_deployment_id}` +
// `/chat/completions`, `/completions` or `/embeddings` — with `api-version` in the query (the
// client's own wins, else `model.options.azure_api_version`, also with upstream_url and for
// preserve) and the key in the `api-key` header (`auth.header_name: api-key`). Bodies and
// streams are OpenAI's (openai/passthrough.ts). `upstream_path` replaces what follows the
// deployment prefix; `upstream_url` replaces the whole URL (`/` when it has no path).
// `auth.azure_use_managed_identity` needs @azure/identity, which this gateway does not ship:
// such a config is refused with a message naming the field and the alternative.
import type { AiProxyConfig } from '../../../schemas/index.js';
import { planAuth } from '../auth.js';
import type { Driver, DriverPlan, ModelOptions, NoTarget, RouteType, Unsupported } from '../driver.js';
import { noTransformer } from '../messages.js';
import { openAiPassthrough } from '../openai/passthrough.js';
import { preserveTranslator } from '../preserve.js';
import { targetFromUrl, withRootPath, type UpstreamTarget } from '../target.js';

const PATHS: Record<Exclude<RouteType, 'preserve'>, string> = { 'llm/v1/chat': '/chat/completions', 'llm/v1/completions': '/completions', 'llm/v1/embeddings': '/embeddings' };

export const MANAGED_IDENTITY =
  "config.auth.azure_use_managed_identity is not supported by this gateway (Azure managed identity needs @azure/identity, which it does not include); set config.auth.azure_use_managed_identity to false and authenticate with the resource's key: config.auth.header_name 'api-key' and config.auth.header_value '<your Azure OpenAI key>'";

function plan(config: AiProxyConfig, routeType: RouteType): DriverPlan | Unsupported {
  if (config.auth?.azure_use_managed_identity === true) return { unsupported: MANAGED_IDENTITY, status: 500 };
  if (config.llm_format !== 'openai') return { unsupported: `llm_format '${config.llm_format}' is not supported for azure; set config.llm_format to openai`, status: 500 };
  const options = (config.model.options ?? null) as (ModelOptions & { azure_instance?: string | null; azure_deployment_id?: string | null; azure_api_version?: string | null }) | null;
  const upstreamUrl = options?.upstream_url ?? null;
  const upstreamPath = options?.upstream_path ?? null;
  const version = options?.azure_api_version ?? '2023-05-15';
  let host: UpstreamTarget | null;
  let prefix = '';
  if (upstreamUrl !== null) {
    host = targetFromUrl(upstreamUrl);
  } else {
    for (const field of ['azure_instance', 'azure_deployment_id'] as const) {
      if (!options?.[field]) return { unsupported: `must set 'model.options.${field}' for azure provider`, status: 500 };
    }
    host = targetFromUrl(`https://${options!.azure_instance}.openai.azure.com:443`);
    prefix = `/openai/deployments/${options!.azure_deployment_id}`;
  }
  const bad: NoTarget = { status: 500, message: `config.model.options.upstream_url (or azure_instance) does not make a URL this gateway can call`, plain: false };
  const query = `api-version=${encodeURIComponent(version)}`;
  let target: UpstreamTarget | null;
  if (host === null) target = null;
  else if (routeType === 'preserve') {
    target = upstreamPath !== null ? { ...host, path: upstreamUrl !== null ? (host.path ?? '/') : prefix + upstreamPath, query } : { ...host, path: null, clientPath: true, query };
  } else if (upstreamUrl !== null) {
    target = { ...withRootPath(host)!, query };
  } else {
    target = { ...host, path: prefix + (upstreamPath ?? PATHS[routeType]), query };
  }
  if (routeType !== 'preserve' && !(routeType in PATHS)) return { unsupported: noTransformer('azure', routeType), status: 400 };
  return {
    name: 'azure',
    translator: routeType === 'preserve' ? preserveTranslator('sse') : openAiPassthrough,
    auth: planAuth(config.auth, { headerOverride: true, queryParam: true }),
    target: () => target ?? bad,
    clearResponseHeaders: ['set-cookie'],
  };
}

export const azure: Driver = { provider: 'azure', plan };
