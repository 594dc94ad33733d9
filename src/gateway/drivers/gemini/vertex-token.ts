// Vertex AI's OAuth access token for `auth.gcp_use_service_account` (Kong: lua-resty-gcp): a
// JWT signed RS256 with the service account's private key (iss = client_email, scope
// cloud-platform, aud = token_uri) is exchanged at the service account's own `token_uri` with
// the JWT-bearer grant. google-auth-library 10 ignores token_uri (it always posts to
// https://oauth2.googleapis.com/token), so the exchange is done here: a local token endpoint
// (bin/mock-llm's POST /token) works as Google's does. The token is cached until a minute
// before it expires; concurrent requests share one exchange. No secret (key, assertion, token)
// ever appears in an error message.
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';

const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const MARGIN_MS = 60_000;
const TIMEOUT_MS = 10_000;

export interface ServiceAccount {
  readonly clientEmail: string;
  readonly keyId: string | undefined;
  readonly key: KeyObject;
  readonly tokenUri: string;
}

const FIELD = 'config.auth.gcp_service_account_json';

/** The service account of a config (its JSON, else env GCP_SERVICE_ACCOUNT, as Kong), or why not — naming the field, never quoting it. */
export function readServiceAccount(json: string | null | undefined, env: NodeJS.ProcessEnv = process.env): ServiceAccount | { readonly unsupported: string } {
  const text = json ?? env.GCP_SERVICE_ACCOUNT ?? null;
  if (text === null || text.trim() === '') {
    return { unsupported: `config.auth.gcp_use_service_account is true but neither ${FIELD} nor the environment variable GCP_SERVICE_ACCOUNT is set; set ${FIELD} to the service account's JSON key file` };
  }
  let sa: Record<string, unknown>;
  try {
    sa = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { unsupported: `${FIELD} (or GCP_SERVICE_ACCOUNT) is not JSON; set it to the service account's JSON key file as downloaded from Google Cloud` };
  }
  if (typeof sa !== 'object' || sa === null || typeof sa.client_email !== 'string' || typeof sa.private_key !== 'string') {
    return { unsupported: `${FIELD} (or GCP_SERVICE_ACCOUNT) lacks client_email or private_key; set it to a service account's JSON key file` };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(sa.private_key);
  } catch {
    return { unsupported: `${FIELD} (or GCP_SERVICE_ACCOUNT): private_key is not a PEM private key; set it to a service account's JSON key file` };
  }
  const tokenUri = typeof sa.token_uri === 'string' && sa.token_uri !== '' ? sa.token_uri : GOOGLE_TOKEN_URI;
  try {
    new URL(tokenUri);
  } catch {
    return { unsupported: `${FIELD} (or GCP_SERVICE_ACCOUNT): token_uri is not a URL; remove it (Google's is used) or set it to the token endpoint` };
  }
  return { clientEmail: sa.client_email, keyId: typeof sa.private_key_id === 'string' ? sa.private_key_id : undefined, key, tokenUri };
}

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signAssertion(sa: ServiceAccount, nowSeconds: number): string {
  const header = b64({ alg: 'RS256', typ: 'JWT', ...(sa.keyId !== undefined ? { kid: sa.keyId } : {}) });
  const claims = b64({ iss: sa.clientEmail, scope: SCOPE, aud: sa.tokenUri, iat: nowSeconds, exp: nowSeconds + 3600 });
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(sa.key).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

export class VertexTokenSource {
  private token: { value: string; until: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly sa: ServiceAccount,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** A valid access token (cached, or exchanged now). */
  get(): Promise<string> {
    if (this.token !== null && this.token.until > Date.now()) return Promise.resolve(this.token.value);
    this.pending ??= this.exchange().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async exchange(): Promise<string> {
    const form = new URLSearchParams({ grant_type: GRANT, assertion: signAssertion(this.sa, Math.floor(Date.now() / 1000)) });
    let res: Response;
    try {
      res = await this.fetchImpl(this.sa.tokenUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new Error(`service account token request to ${this.sa.tokenUri} failed: ${(err as Error)?.name ?? 'error'}`);
    }
    const text = await res.text();
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // reported below by status
    }
    if (res.status !== 200 || typeof body.access_token !== 'string') {
      const code = typeof body.error === 'string' ? ` (${body.error.replace(/[^\w.-]/g, '')})` : '';
      throw new Error(`service account token request to ${this.sa.tokenUri} answered ${res.status}${code}`);
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    this.token = { value: body.access_token, until: Date.now() + Math.max(0, lifetimeMs - MARGIN_MS) };
    return body.access_token;
  }
}
