// The gemini driver (Kong's gemini.lua; reference llm-providers 2.7 and 3): the Gemini API
// (generativelanguage.googleapis.com, `/v1beta/models/{model}:generateContent` or
// `:streamGenerateContent`) or, when `model.options.gemini.{api_endpoint, project_id,
// location_id}` are all set, Vertex AI (`https://{api_endpoint}/v1/projects/{p}/locations/{l}/
// publishers/google/models/{model}:…`). The model and the operation are in the URL, so the
// target is worked out per request. Auth: `header_name`/`header_value` always set (gemini takes
// no allow_override), `param_location: query` (the `key` parameter) replaces the client's, and
// `auth.gcp_use_service_account` adds `Authorization: Bearer <token>` minted from the service
// account (vertex-token.ts). OpenAI-format chat only (Kong 3.10 has no gemini completions or
// embeddings: Kong's 400 `no transformer`), native `llm_format: gemini` (generateContent and
// streamGenerateContent only, as Kong 3.10's adapter), and preserve. Kong 3.10 has no Vertex
// express mode and no Model Garden endpoint_id: a partial Vertex set or an endpoint_id is Kong's
// 400 naming the fields (vertexRefusal).
// Streams are read as Kong reads them: Gemini's JSON array (no `alt=sse` is added), or SSE when
// the client's query asked for it. A decision beyond Kong 3.10: an `upstream_url` without a path
// gets the default path appended (Kong would call `/`, which no Gemini endpoint answers), so a
// local endpoint can stand in for Google's host.
import type { AiProxyConfig } from '../../../schemas/index.js';
import { planAuth } from '../auth.js';
import type { Driver, DriverPlan, ModelOptions, NoTarget, RouteType, Translator, Unsupported } from '../driver.js';
import { NO_MODEL, noTransformer } from '../messages.js';
import { preserveTranslator } from '../preserve.js';
import { targetFromUrl, type UpstreamTarget } from '../target.js';
import { GENERATE, STREAM_GENERATE, geminiToGemini } from './native-format.js';
import { openAiToGemini } from './openai-format.js';
import { readServiceAccount, VertexTokenSource } from './vertex-token.js';

export { openAiToGemini, toGemini, openAiFinish } from './openai-format.js';
export { geminiToGemini } from './native-format.js';
export { readServiceAccount, signAssertion, VertexTokenSource } from './vertex-token.js';

const GEMINI_BASE = 'https://generativelanguage.googleapis.com';

interface GeminiOptions {
  readonly api_endpoint?: string | null;
  readonly project_id?: string | null;
  readonly location_id?: string | null;
  readonly endpoint_id?: string | null;
}

const VERTEX_FIELDS = ['api_endpoint', 'project_id', 'location_id'] as const;

/**
 * What Kong 3.10's gemini options refuse: its schema has the three Vertex fields mutually
 * required (no Vertex express mode, where an API key replaces project and location) and no
 * `endpoint_id` (Vertex Model Garden endpoints came later). The official schema this gateway
 * reads accepts both, so the driver answers Kong's 400 for them instead of calling the Gemini
 * API behind the user's back.
 */
function vertexRefusal(g: GeminiOptions | null): string | null {
  if (g === null) return null;
  if (g.endpoint_id) {
    return "config.model.options.gemini.endpoint_id is not supported: Kong 3.10 has no Vertex Model Garden endpoints; remove it (Vertex AI: set api_endpoint, project_id and location_id)";
  }
  const set = VERTEX_FIELDS.filter((f) => Boolean(g[f]));
  if (set.length === 0 || set.length === VERTEX_FIELDS.length) return null;
  const missing = VERTEX_FIELDS.filter((f) => !g[f]).map((f) => `config.model.options.gemini.${f}`);
  return `config.model.options.gemini: all or none of these fields must be set: 'api_endpoint', 'project_id', 'location_id' (Kong 3.10 has no Vertex express mode); set ${missing.join(' and ')} for Vertex AI, or remove the others for the Gemini API`;
}

function plan(config: AiProxyConfig, routeType: RouteType): DriverPlan | Unsupported {
  const native = config.llm_format === 'gemini';
  if (config.llm_format !== 'openai' && !native) {
    return { unsupported: `llm_format '${config.llm_format}' is not supported for gemini; set config.llm_format to openai or gemini`, status: 500 };
  }
  if (routeType === 'llm/v1/completions' || routeType === 'llm/v1/embeddings') return { unsupported: noTransformer('gemini', routeType), status: 400 };
  const options = (config.model.options ?? null) as ModelOptions | null;
  const g = (options?.gemini ?? null) as GeminiOptions | null;
  const refusal = vertexRefusal(g);
  if (refusal !== null) return { unsupported: refusal, status: 400 };
  const vertex = g?.api_endpoint && g.project_id && g.location_id ? g : null;
  const upstreamUrl = options?.upstream_url ?? null;
  const upstreamPath = options?.upstream_path ?? null;
  const host = targetFromUrl(upstreamUrl ?? (vertex ? `https://${vertex.api_endpoint}` : GEMINI_BASE));
  if (host === null) {
    const field = upstreamUrl !== null ? 'config.model.options.upstream_url' : 'config.model.options.gemini.api_endpoint';
    return { unsupported: `${field} does not make a URL this gateway can call; set it to a host (api_endpoint) or an http(s) URL (upstream_url)`, status: 500 };
  }

  let authorize: DriverPlan['authorize'];
  let credential = '';
  if (config.auth?.gcp_use_service_account === true) {
    const sa = readServiceAccount(config.auth.gcp_service_account_json);
    if ('unsupported' in sa) return { unsupported: sa.unsupported, status: 500 };
    const tokens = new VertexTokenSource(sa);
    authorize = async () => ({ authorization: `Bearer ${await tokens.get()}` });
    credential = `each call gets Authorization: Bearer <OAuth token> for service account ${sa.clientEmail}, minted at ${sa.tokenUri}`;
  }

  const defaultPath = (model: string, op: string) =>
    vertex ? `/v1/projects/${vertex.project_id}/locations/${vertex.location_id}/publishers/google/models/${model}:${op}` : `/v1beta/models/${model}:${op}`;
  const noModel: NoTarget = { status: 400, message: NO_MODEL, plain: false };
  let translator: Translator;
  let target: DriverPlan['target'];
  if (routeType === 'preserve') {
    translator = preserveTranslator('json-array-or-sse');
    const fixed: UpstreamTarget = upstreamPath !== null ? { ...host, path: upstreamPath } : { ...host, path: null, clientPath: true };
    target = () => fixed;
  } else {
    translator = native ? geminiToGemini : openAiToGemini;
    target = ({ operation, stream, model }) => {
      if (model === null || model === '') return noModel;
      const op = native ? (operation === STREAM_GENERATE ? STREAM_GENERATE : GENERATE) : stream ? STREAM_GENERATE : GENERATE;
      const path = upstreamPath ?? (upstreamUrl !== null && host.path !== null ? host.path : defaultPath(model, op));
      return { ...host, path };
    };
  }
  const kind = vertex ? 'Vertex AI' : 'Gemini API';
  const name = native ? `gemini (native gemini, ${kind}: …:generateContent, …:streamGenerateContent)` : `gemini (${kind})`;
  return {
    name,
    ...(credential !== '' ? { authDescription: credential } : {}),
    translator,
    auth: planAuth(config.auth, { headerOverride: false, queryParam: true }),
    target,
    ...(authorize !== undefined ? { authorize } : {}),
    clearResponseHeaders: ['set-cookie'],
  };
}

export const gemini: Driver = { provider: 'gemini', plan };
