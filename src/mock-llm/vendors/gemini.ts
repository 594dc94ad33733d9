// The Gemini API (generativelanguage.googleapis.com): /v1beta|v1/models/{model}:generateContent,
// :streamGenerateContent, :countTokens, :embedContent, :batchEmbedContents, with the key in the
// `x-goog-api-key` header or the `key` query parameter. A wrong key is Google's 400
// API_KEY_INVALID, a missing one 403 PERMISSION_DENIED.
import type { Ctx, Reply, Route, Vendor } from '../vendor.js';
import { countTokens, embedContent, generateContent, googleError } from './gemini-wire.js';

const PATH = /^\/(?:v1|v1beta|v1alpha)\/models\/(?<model>[^/:]+):(?<op>generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents)$/;

export function geminiOperation(ctx: Ctx, route: Route): void {
  const model = route.params.model!;
  switch (route.operation) {
    case 'generateContent':
      return generateContent(ctx, model, false);
    case 'streamGenerateContent':
      return generateContent(ctx, model, true);
    case 'countTokens':
      return countTokens(ctx);
    default:
      return embedContent(ctx, route.operation === 'batchEmbedContents');
  }
}

export function matchGoogle(re: RegExp, method: string, path: string): Route | undefined {
  const m = method === 'POST' ? re.exec(path) : null;
  if (!m) return undefined;
  let model = m.groups!.model!;
  try {
    model = decodeURIComponent(model);
  } catch {
    // keep it as sent
  }
  return { operation: m.groups!.op!, params: { ...m.groups, model } };
}

const INVALID_KEY: Reply = googleError(400, 'API key not valid. Please pass a valid API key.', [
  { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
]);
const NO_KEY: Reply = googleError(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");

export function gemini(key: string | undefined): Vendor {
  return {
    name: 'gemini',
    route: (method, path) => matchGoogle(PATH, method, path),
    authenticate(ctx) {
      if (key === undefined) return { verdict: 'unchecked' };
      const header = ctx.req.headers['x-goog-api-key'];
      const got = typeof header === 'string' ? header : (ctx.query.get('key') ?? undefined);
      if (got === undefined) return { verdict: 'missing', reject: NO_KEY };
      return got === key ? { verdict: 'valid' } : { verdict: 'invalid', reject: INVALID_KEY };
    },
    error: (status, message) => googleError(status, message),
    handle: geminiOperation,
  };
}
