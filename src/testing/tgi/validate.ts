// Request validation the way TGI's router does it: axum's JSON extractor answers in plain text
// (415 wrong content type, 400 syntax error, 422 shape error); parameter checks answer with
// TGI's ErrorResponse {error, error_type: "validation"} and 422.
import type { GenerateParameters, GenerateRequest } from '../../gateway/wire/tgi.js';

export type Rejection =
  | { readonly kind: 'text'; readonly status: number; readonly text: string }
  | { readonly kind: 'json'; readonly status: number; readonly body: { error: string; error_type: string } };

const validation = (error: string): Rejection => ({
  kind: 'json',
  status: 422,
  body: { error: `Input validation error: ${error}`, error_type: 'validation' },
});

export function parseJsonBody(contentType: string | undefined, body: Buffer): { value: unknown } | Rejection {
  if (contentType === undefined || !/^application\/(.+\+)?json\b/i.test(contentType.trim())) {
    return { kind: 'text', status: 415, text: 'Expected request with `Content-Type: application/json`' };
  }
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch (err) {
    return { kind: 'text', status: 400, text: `Failed to parse the request body as JSON: ${(err as Error).message}` };
  }
}

export function checkGenerateRequest(value: unknown): GenerateRequest | Rejection {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'text', status: 422, text: 'Failed to deserialize the JSON body into the target type: invalid type: expected struct GenerateRequest' };
  }
  const body = value as Record<string, unknown>;
  if (!('inputs' in body)) {
    return { kind: 'text', status: 422, text: 'Failed to deserialize the JSON body into the target type: missing field `inputs`' };
  }
  if (typeof body.inputs !== 'string') {
    return { kind: 'text', status: 422, text: 'Failed to deserialize the JSON body into the target type: inputs: invalid type: expected a string' };
  }
  const p = (body.parameters ?? {}) as GenerateParameters;
  if (p.temperature != null && !(p.temperature > 0)) return validation('`temperature` must be strictly positive');
  if (p.top_p != null && !(p.top_p > 0 && p.top_p < 1)) return validation('`top_p` must be > 0.0 and < 1.0');
  if (p.top_k != null && !(p.top_k > 0)) return validation('`top_k` must be strictly positive');
  if (p.max_new_tokens != null && p.max_new_tokens > 4096) {
    return validation(`\`inputs\` tokens + \`max_new_tokens\` must be <= 4096. Given: ${p.max_new_tokens} \`max_new_tokens\``);
  }
  if (p.stop != null && p.stop.length > 4) return validation(`\`stop\` supports up to 4 stop sequences. Given: ${p.stop.length}`);
  if (body.inputs.length === 0) return validation('`inputs` cannot be empty');
  return body as unknown as GenerateRequest;
}

export function isRejection(v: unknown): v is Rejection {
  return typeof v === 'object' && v !== null && 'kind' in v && 'status' in v;
}
