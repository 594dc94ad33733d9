// Google's OAuth 2.0 token endpoint for service accounts (POST /token, form-encoded
// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<RS256 JWT>), as
// google-auth-library calls it. The assertion is checked by hand with node:crypto — no JWT
// library is among the dependencies, and RS256 over `header.payload` is all there is to it:
// its signature against the configured service account's public key (when one is configured),
// its claims (iss, scope, aud, exp). The access tokens it issues are what Vertex accepts.
import { createVerify, randomBytes } from 'node:crypto';
import type { Ctx, Reply } from '../vendor.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const LIFETIME_S = 3599;

function oauthError(error: string, description: string): Reply {
  return { status: 400, body: { error, error_description: description } };
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export class TokenIssuer {
  private readonly issued = new Map<string, number>();

  constructor(private readonly publicKey: string | undefined) {}

  /** Answers a token request. */
  exchange(ctx: Ctx): Reply {
    const form = new URLSearchParams(ctx.body.toString('utf8'));
    if (form.get('grant_type') !== GRANT) return oauthError('unsupported_grant_type', 'Invalid grant_type.');
    const assertion = form.get('assertion') ?? '';
    const parts = assertion.split('.');
    const header = parts.length === 3 ? decodePart(parts[0]!) : undefined;
    const claims = parts.length === 3 ? decodePart(parts[1]!) : undefined;
    if (!header || !claims) return oauthError('invalid_grant', 'Invalid JWT: the assertion is not a JWT.');
    if (header.alg !== 'RS256') return oauthError('invalid_grant', 'Invalid JWT: the signing algorithm must be RS256.');
    if (this.publicKey !== undefined) {
      const ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(this.publicKey, Buffer.from(parts[2]!, 'base64url'));
      if (!ok) return oauthError('invalid_grant', 'Invalid JWT Signature.');
    }
    const now = Date.now() / 1000;
    if (typeof claims.iss !== 'string' || claims.iss === '') return oauthError('invalid_grant', 'Invalid JWT: no iss claim.');
    if (typeof claims.exp !== 'number' || claims.exp < now - 60) return oauthError('invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
    if (typeof claims.scope !== 'string' && typeof claims.target_audience !== 'string') return oauthError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    const token = `ya29.mock-${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, Date.now() + LIFETIME_S * 1000);
    return { status: 200, body: { access_token: token, expires_in: LIFETIME_S, token_type: 'Bearer' } };
  }

  valid(token: string): boolean {
    const until = this.issued.get(token);
    return until !== undefined && until > Date.now();
  }
}
