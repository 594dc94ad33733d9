// Kong's `url` shorthand on services (`{"url": "http://host:8080/path"}` sets protocol, host,
// port and path), which the Admin API accepts and many Kong guides use. The shared entity
// schema does not expand it, so the Admin API does, before the body reaches the engine.
// An unparsable url is left in place for the schema to reject (naming the `url` field).
const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443, grpc: 80, grpcs: 443, tcp: 80, tls: 443, ws: 80, wss: 443 };

export function expandServiceUrl(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { url, ...rest } = body as Record<string, unknown>;
  if (typeof url !== 'string') return body;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return body;
  }
  const protocol = u.protocol.replace(/:$/, '');
  const path = u.pathname === '/' && !/^[a-z]+:\/\/[^/]+\/$/i.test(url) ? null : u.pathname;
  return {
    ...rest,
    protocol,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : (DEFAULT_PORT[protocol] ?? 80),
    path,
  };
}

/** Paths whose body is a service: /services, /services/{id}. */
export const isServicePath = (path: string): boolean => /^\/services(\/[^/]+)?\/?$/.test(path);
