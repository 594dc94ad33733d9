// Where ai-proxy sends a request (reference 4.1 for the OpenAI format, 5.6 item 3 for native).
export interface UpstreamTarget {
  /** scheme://host:port */
  readonly origin: string;
  /** The path to call, or null to keep the route's ordinary upstream path. */
  readonly path: string | null;
  readonly host: string;
}

const HF_INFERENCE = 'https://api-inference.huggingface.co/models/';
const HF_ROUTER = 'https://router.huggingface.co/hf-inference/models/';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * OpenAI format: base = upstream_url or the HF inference URL for the model; chat appends
 * /v1/chat/completions, completions uses the base as is. Kong's port rule: the URL's port, or
 * 443 when it has none (even for http). The path is set only when the URL has one.
 */
export function openAiFormatTarget(upstreamUrl: string | null, modelName: string | null, routeType: string): UpstreamTarget | null {
  if (upstreamUrl === null && modelName === null) return null;
  let base = upstreamUrl ?? `${HF_INFERENCE}${modelName}`;
  if (routeType === 'llm/v1/chat') base = `${base.replace(/\/+$/, '')}/v1/chat/completions`;
  const u = parse(base);
  if (u === null) return null;
  const port = u.port !== '' ? u.port : '443';
  const hasPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/[^?#]*/i.test(base);
  return { origin: `${u.protocol}//${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${port}`, path: hasPath ? u.pathname : null, host: u.host };
}

/** Native format: upstream_url (or HF's router URL for the model) + the operation. */
export function nativeTarget(upstreamUrl: string | null, modelName: string | null, operation: 'generate' | 'generate_stream'): UpstreamTarget | null {
  if (upstreamUrl === null && modelName === null) return null;
  const base = (upstreamUrl ?? `${HF_ROUTER}${modelName}`).replace(/\/+$/, '');
  const full = base.endsWith(`/${operation}`) ? base : `${base.replace(/\/(generate|generate_stream)$/, '')}/${operation}`;
  const u = parse(full);
  if (u === null) return null;
  return { origin: u.origin, path: u.pathname, host: u.host };
}
