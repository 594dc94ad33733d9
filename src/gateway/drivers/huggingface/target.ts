// Where the huggingface driver sends a request (reference ai-proxy 4.1 for the OpenAI format,
// 5.6 item 3 for native).
import { targetFromUrl, type UpstreamTarget } from '../target.js';

const HF_INFERENCE = 'https://api-inference.huggingface.co/models/';
const HF_ROUTER = 'https://router.huggingface.co/hf-inference/models/';

/**
 * OpenAI format: base = upstream_url or the HF inference URL for the model; chat appends
 * /v1/chat/completions, completions uses the base as is. Kong's port rule: the URL's port, or
 * 443 when it has none (even for http). The path is set only when the URL has one.
 */
export function openAiFormatTarget(upstreamUrl: string | null, modelName: string | null, routeType: string): UpstreamTarget | null {
  if (upstreamUrl === null && modelName === null) return null;
  let base = upstreamUrl ?? `${HF_INFERENCE}${modelName}`;
  if (routeType === 'llm/v1/chat') base = `${base.replace(/\/+$/, '')}/v1/chat/completions`;
  return targetFromUrl(base);
}

/** Native format: upstream_url (or HF's router URL for the model) + the operation. */
export function nativeTarget(upstreamUrl: string | null, modelName: string | null, operation: 'generate' | 'generate_stream'): UpstreamTarget | null {
  if (upstreamUrl === null && modelName === null) return null;
  const base = (upstreamUrl ?? `${HF_ROUTER}${modelName}`).replace(/\/+$/, '');
  const full = base.endsWith(`/${operation}`) ? base : `${base.replace(/\/(generate|generate_stream)$/, '')}/${operation}`;
  let u: URL;
  try {
    u = new URL(full);
  } catch {
    return null;
  }
  return { origin: u.origin, path: u.pathname, host: u.host };
}
