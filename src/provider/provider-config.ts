// Reading the provider block: the "$KONNECT_TOKEN" mistake, server_url checks, and the official
// provider's resolution rules (konnect.md section 1): config value, else the environment
// variable, else the default; the first set token in the order personal_access_token,
// system_account_access_token, konnect_access_token, service_access_token (konnect/auth.ts).
import { AttributePath, type Diagnostics } from '../common/index.js';
import { isUnknown } from '../cty/index.js';
import type { JsObject } from '../framework/index.js';
import { describeTokenSource, resolveCredentials, type Credentials } from '../konnect/index.js';
import { DEFAULT_SERVER_URL, ENV_FALLBACK, TOKEN_ATTRIBUTES } from './provider-schema.js';

/** Attribute values as written: a string, null (not set), or 'unknown' (known only after apply). */
export type ConfigValues = Readonly<Record<string, string | null | 'unknown'>>;

export function configValues(config: JsObject): ConfigValues {
  const out: Record<string, string | null | 'unknown'> = {};
  for (const [name, v] of Object.entries(config)) out[name] = isUnknown(v) ? 'unknown' : typeof v === 'string' ? v : null;
  return out;
}

/** `"$KONNECT_TOKEN"` or `"${KONNECT_TOKEN}"`: a shell variable HCL never expands. */
const SHELL_VARIABLE = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

export function checkShellVariables(values: ConfigValues, diags: Diagnostics, severity: 'error' | 'warning'): void {
  for (const name of TOKEN_ATTRIBUTES) {
    const v = values[name];
    const m = typeof v === 'string' && v !== 'unknown' ? SHELL_VARIABLE.exec(v) : null;
    if (!m) continue;
    const env = ENV_FALLBACK[name] ?? 'KONNECT_TOKEN';
    const summary = `${name} is the literal text "$${m[1]}", not a token`;
    const detail =
      `Terraform does not expand shell variables inside strings, so the provider would send the text "$${m[1]}" as the token. ` +
      `Either remove ${name} from the provider block and export the token before running terraform:\n\n` +
      `    export ${env}=<your token>\n\n` +
      `or declare a sensitive variable (variable "konnect_token" { sensitive = true }), set ${name} = var.konnect_token, ` +
      'and pass it with export TF_VAR_konnect_token=<your token>.';
    if (severity === 'error') diags.addAttributeError(AttributePath.of(name), summary, detail);
    else diags.addAttributeWarning(AttributePath.of(name), summary, detail);
  }
}

export function checkServerUrl(values: ConfigValues, diags: Diagnostics): void {
  const v = values.server_url;
  if (typeof v !== 'string' || v === 'unknown') return;
  let ok = false;
  try {
    const url = new URL(v);
    ok = (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    ok = false;
  }
  if (!ok) {
    diags.addAttributeError(
      AttributePath.of('server_url'),
      'Invalid server_url',
      `server_url must be an http(s) URL such as https://us.api.konghq.com or http://127.0.0.1:8080 (got ${JSON.stringify(v)}). ` +
        'Remove it to use KONNECT_SERVER_URL or the default https://global.api.konghq.com.',
    );
  }
}

export interface ResolvedConfig {
  readonly serverUrl: string;
  /** The token to send (never logged), or undefined when none is configured. */
  readonly credentials?: Credentials;
  /** Where the token came from, safe to log and to show: "personal_access_token / KONNECT_TOKEN". */
  readonly tokenSource: string;
  /** The attribute or environment variable that supplied the token (safe to log), or "none". */
  readonly credentialFrom: string;
}

export function resolveProviderConfig(values: ConfigValues, env: NodeJS.ProcessEnv): ResolvedConfig {
  const known = (v: string | null | 'unknown' | undefined): string | null => (v === undefined || v === 'unknown' ? null : v);
  const serverUrl = known(values.server_url) || env.KONNECT_SERVER_URL || DEFAULT_SERVER_URL;
  const credentials = resolveCredentials(
    {
      personal_access_token: known(values.personal_access_token),
      system_account_access_token: known(values.system_account_access_token),
      konnect_access_token: known(values.konnect_access_token),
      service_access_token: known(values.service_access_token),
    },
    env,
  );
  return {
    serverUrl,
    ...(credentials ? { credentials } : {}),
    tokenSource: describeTokenSource(credentials),
    credentialFrom: credentials ? (credentials.fromEnv ?? credentials.source) : 'none',
  };
}

/**
 * No token anywhere (attributes and their environment variables, in the precedence order), or an
 * empty one: an error before any call, instead of Konnect's 401 read as "token rejected". A token
 * attribute not known yet (plan time) may still supply one, so that case is not an error.
 */
export function checkTokenPresent(values: ConfigValues, resolved: ResolvedConfig, diags: Diagnostics): void {
  if (TOKEN_ATTRIBUTES.some((name) => values[name] === 'unknown')) return;
  const where = (name: string) => (ENV_FALLBACK[name] ? `${name} (or ${ENV_FALLBACK[name]})` : name);
  const pat = `export ${ENV_FALLBACK.personal_access_token}=<your personal access token>`;
  const spat = `export ${ENV_FALLBACK.system_account_access_token}=<your system account token>`;
  const width = Math.max(pat.length, spat.length) + 2;
  const how =
    'Set one, for example:\n\n' +
    `    ${pat.padEnd(width)}(kpat_…)\n` +
    `    ${spat.padEnd(width)}(spat_…)\n\n` +
    'or set personal_access_token = var.konnect_token in the provider block, with a sensitive variable passed as ' +
    `export TF_VAR_konnect_token=<your token>. No call was made to ${resolved.serverUrl}.`;
  if (!resolved.credentials) {
    diags.addError(
      'No Konnect token',
      `The konnect provider has no token to call Konnect with: none of ${TOKEN_ATTRIBUTES.map(where).join(', ')} is set. ${how}`,
    );
  } else if (resolved.credentials.token.trim() === '') {
    const name = resolved.credentials.source;
    diags.addAttributeError(AttributePath.of(name), `${name} is empty`, `${name} is set to an empty string, so there is no Konnect token. ${how}`);
  }
}
