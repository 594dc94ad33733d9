// Azure OpenAI: /openai/deployments/{deployment}/chat/completions|completions|embeddings with a
// required api-version query, the key in `api-key` (or an Entra `Authorization: Bearer`), Azure's
// own 401/404/429 bodies, and OpenAI's answers with the content-filter annotations Azure adds.
import { bearerOf } from '../request.js';
import { RequestError, type Reply, type Vendor } from '../vendor.js';
import { openAiError } from './openai.js';
import { chatCompletion, embeddings, textCompletion, type OpenAiFlavor } from './openai-wire.js';

const PATH = /^\/openai\/deployments\/(?<deployment>[^/]+)\/(?<op>chat\/completions|completions|embeddings)$/;

function azureError(status: number, message?: string): Reply {
  if (status === 401) {
    return {
      status,
      body: {
        error: {
          code: '401',
          message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
        },
      },
    };
  }
  if (status === 404) return { status, body: { error: { code: '404', message: message ?? 'Resource not found' } } };
  if (status === 429) {
    return {
      status,
      headers: { 'retry-after': '1' },
      body: { error: { code: '429', message: 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current tier. Please retry after 1 second.' } },
    };
  }
  return openAiError(status, message);
}

export function azure(key: string | undefined): Vendor {
  return {
    name: 'azure',
    route(method, path) {
      const m = method === 'POST' ? PATH.exec(path) : null;
      if (!m) return undefined;
      const op = m.groups!.op === 'chat/completions' ? 'chat' : m.groups!.op!;
      return { operation: op, params: { deployment: decodeURIComponent(m.groups!.deployment!) } };
    },
    authenticate(ctx) {
      if (key === undefined) return { verdict: 'unchecked' };
      const apiKey = ctx.req.headers['api-key'];
      const got = typeof apiKey === 'string' ? apiKey : bearerOf(ctx);
      if (got === undefined) return { verdict: 'missing', reject: azureError(401) };
      return got === key ? { verdict: 'valid' } : { verdict: 'invalid', reject: azureError(401) };
    },
    error: azureError,
    handle(ctx, route) {
      if (!ctx.query.get('api-version')) throw new RequestError(404, 'Resource not found');
      const deployment = route.params.deployment!;
      const flavor: OpenAiFlavor = { defaultModel: deployment, modelOptional: true, contentFilter: route.operation !== 'embeddings' };
      if (route.operation === 'chat') return chatCompletion(ctx, flavor);
      if (route.operation === 'completions') return textCompletion(ctx, flavor);
      return embeddings(ctx, flavor);
    },
  };
}
