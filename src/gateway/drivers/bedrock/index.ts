// The bedrock driver (Kong's bedrock.lua; reference llm-providers 2.8): OpenAI-format chat → the
// Converse API (`/model/{modelId}/converse`, streams `/converse-stream`), preserve, and the native
// Converse API (`llm_format: bedrock`). Every call is signed with AWS SigV4 (service `bedrock`)
// once its body and URL are final, with `config.auth.aws_access_key_id`/`aws_secret_access_key`
// (else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN] from the gateway's environment)
// for `model.options.bedrock.aws_region` (else AWS_REGION/AWS_DEFAULT_REGION). What Kong does
// with the AWS credential chain beyond that (instance roles, aws_assume_role_arn through STS) is
// refused at configuration time naming the field. URL: `https://bedrock-runtime.<region>.amazonaws.com`;
// `upstream_url` with a path is called as is (Kong), without one it gets the Converse path (our
// decision: Kong would call `/`); `upstream_path` replaces the path. The model id is
// percent-encoded in the path as the AWS SDK sends it (Kong sends it raw). Embeddings (Kong 3.11+):
// Titan through InvokeModel, `/model/{modelId}/invoke` (embeddings.ts).
import type { AiProxyConfig } from '../../../schemas/index.js';
import { planAuth, type AuthPlan } from '../auth.js';
import type { Driver, DriverPlan, NoTarget, RouteType, TargetRequest, Unsupported } from '../driver.js';
import { NO_MODEL, noTransformer } from '../messages.js';
import { preserveTranslator } from '../preserve.js';
import { targetFromUrl, withRootPath, type UpstreamTarget } from '../target.js';
import { openAiToBedrockEmbeddings } from './embeddings.js';
import { bedrockToBedrock } from './native-format.js';
import { openAiToBedrock } from './openai-format.js';
import { SIGV4_HEADERS, sigV4Signer, type AwsCredentials } from './sigv4.js';

export { openAiToBedrockEmbeddings } from './embeddings.js';
export { bedrockToBedrock } from './native-format.js';
export { openAiToBedrock } from './openai-format.js';

interface BedrockOptions {
  readonly aws_region?: string | null;
  readonly aws_assume_role_arn?: string | null;
  readonly aws_role_session_name?: string | null;
  readonly aws_sts_endpoint_url?: string | null;
}

const env = (name: string): string | undefined => {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
};

/** The key pair Kong's driver would sign with: the config's fields, else the environment's. */
function credentialsOf(auth: AiProxyConfig['auth'] | null | undefined): { creds: AwsCredentials; from: string } | null {
  const a = auth as { aws_access_key_id?: string | null; aws_secret_access_key?: string | null } | null | undefined;
  const id = a?.aws_access_key_id ?? env('AWS_ACCESS_KEY_ID');
  const secret = a?.aws_secret_access_key ?? env('AWS_SECRET_ACCESS_KEY');
  if (id === undefined || secret === undefined || id === null || secret === null) return null;
  const fromConfig = a?.aws_access_key_id != null && a?.aws_secret_access_key != null;
  const token = fromConfig ? undefined : env('AWS_SESSION_TOKEN');
  return {
    creds: { accessKeyId: id, secretAccessKey: secret, ...(token !== undefined ? { sessionToken: token } : {}) },
    from: fromConfig ? 'config.auth.aws_access_key_id / aws_secret_access_key' : 'the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)',
  };
}

function plan(config: AiProxyConfig, routeType: RouteType): DriverPlan | Unsupported {
  const native = config.llm_format === 'bedrock';
  if (config.llm_format !== 'openai' && !native) {
    return { unsupported: `llm_format '${config.llm_format}' is not supported for bedrock; set config.llm_format to openai or bedrock`, status: 500 };
  }
  if (routeType === 'llm/v1/completions') return { unsupported: noTransformer('bedrock', routeType), status: 400 };
  const options = config.model.options ?? null;
  const b = (options?.bedrock ?? null) as BedrockOptions | null;
  if (b?.aws_assume_role_arn) {
    return {
      unsupported:
        "model.options.bedrock.aws_assume_role_arn is not supported by this gateway (it does not call AWS STS); remove it and set config.auth.aws_access_key_id and config.auth.aws_secret_access_key to the role's credentials",
      status: 500,
    };
  }
  const region = b?.aws_region ?? env('AWS_REGION') ?? env('AWS_DEFAULT_REGION');
  if (region === undefined || region === null || region === '') {
    return { unsupported: "must set 'model.options.bedrock.aws_region' (or AWS_REGION in the gateway's environment) for bedrock provider", status: 500 };
  }
  const credentials = credentialsOf(config.auth);
  if (credentials === null) {
    return {
      unsupported:
        "bedrock needs AWS credentials: set config.auth.aws_access_key_id and config.auth.aws_secret_access_key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the gateway's environment); this gateway does not read instance roles or profiles",
      status: 500,
    };
  }
  const upstreamUrl = (options?.upstream_url as string | null | undefined) ?? null;
  const upstreamPath = (options?.upstream_path as string | null | undefined) ?? null;
  const base = `https://bedrock-runtime.${region}.amazonaws.com:443`;
  const none: NoTarget = { status: 500, message: `config.model.options.upstream_url '${upstreamUrl ?? ''}' is not a URL this gateway can call`, plain: false };
  const host = targetFromUrl(upstreamUrl ?? base);
  let target: (r: TargetRequest) => UpstreamTarget | NoTarget;
  if (routeType === 'preserve') {
    const t = host === null ? null : upstreamPath === null ? { ...host, path: null, clientPath: true } : withRootPath(upstreamUrl !== null ? host : { ...host, path: upstreamPath });
    target = () => t ?? none;
  } else {
    target = (r) => {
      if (host === null) return none;
      if (r.model === null) return { status: 400, message: NO_MODEL, plain: false };
      const op = routeType === 'llm/v1/embeddings' ? 'invoke' : native ? (r.operation ?? 'converse') : r.stream ? 'converse-stream' : 'converse';
      const path = upstreamPath ?? (upstreamUrl !== null && host.path !== null ? host.path : `/model/${encodeURIComponent(r.model)}/${op}`);
      return { ...host, path };
    };
  }
  const auth: AuthPlan = { ...planAuth(config.auth, { headerOverride: false, queryParam: false }), header: null, headerOverridable: false };
  return {
    name: native ? 'bedrock (native bedrock: /model/{modelId}/converse, /converse-stream)' : 'bedrock',
    translator: routeType === 'preserve' ? preserveTranslator('aws-eventstream') : native ? bedrockToBedrock : routeType === 'llm/v1/embeddings' ? openAiToBedrockEmbeddings : openAiToBedrock,
    auth,
    target,
    authorize: sigV4Signer(credentials.creds, region),
    dropRequestHeaders: SIGV4_HEADERS,
    authDescription: `AWS SigV4 (service bedrock, region ${region}), key pair from ${credentials.from}; the client's own signature headers are dropped`,
    clearResponseHeaders: ['set-cookie'],
  };
}

export const bedrock: Driver = { provider: 'bedrock', plan };
