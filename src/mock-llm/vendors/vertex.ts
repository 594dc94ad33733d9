// Vertex AI's Gemini: /v1|v1beta1/projects/{p}/locations/{l}/publishers/google/models/{m}:<op>
// with `Authorization: Bearer <access token>`, the token issued by this mock's own OAuth
// endpoint (POST /token, google-token.ts) — or the configured vertex key, as a static token.
import { bearerOf } from '../request.js';
import { send } from '../respond.js';
import type { Vendor } from '../vendor.js';
import { googleError } from './gemini-wire.js';
import { geminiOperation, matchGoogle } from './gemini.js';
import { TokenIssuer } from './google-token.js';

const PATH = /^\/(?:v1|v1beta1)\/projects\/(?<project>[^/]+)\/locations\/(?<location>[^/]+)\/publishers\/google\/models\/(?<model>[^/:]+):(?<op>generateContent|streamGenerateContent|countTokens)$/;

export function vertex(staticToken: string | undefined, serviceAccountPublicKey: string | undefined): Vendor {
  const issuer = new TokenIssuer(serviceAccountPublicKey);
  return {
    name: 'vertex',
    route(method, path) {
      if (path === '/token') return method === 'POST' ? { operation: 'token', params: {} } : undefined;
      return matchGoogle(PATH, method, path);
    },
    authenticate(ctx, route) {
      if (route.operation === 'token') return { verdict: 'unchecked' };
      const got = bearerOf(ctx);
      if (got === undefined) return { verdict: 'missing', reject: googleError(401, 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.') };
      return issuer.valid(got) || got === staticToken ? { verdict: 'valid' } : { verdict: 'invalid', reject: googleError(401) };
    },
    error: (status, message) => googleError(status, message),
    handle(ctx, route) {
      if (route.operation !== 'token') return geminiOperation(ctx, route);
      const reply = issuer.exchange(ctx);
      ctx.record.status = reply.status;
      send(ctx.res, reply);
    },
  };
}
