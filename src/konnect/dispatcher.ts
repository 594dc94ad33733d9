// The one keep-alive connection pool of the process. undici's Agent keeps a pool per origin, so
// every KonnectClient made in a provider process (one per ConfigureProvider) shares sockets.
//
// undici is loaded on the first sharedDispatcher() call, not when this module loads: loading it
// costs a provider process ~60–90 ms (undici's own ~0.5 MB, and its cookies module touches
// globalThis.Headers, which makes Node load its internal copy of undici too), and Terraform
// starts several provider processes per apply that answer GetProviderSchema and never call
// Konnect (bench/handshake.bench.ts measures it).
//
// Like the Go provider (net/http's ProxyFromEnvironment and crypto/x509's system roots), the pool
// honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case; undici's EnvHttpProxyAgent, a CONNECT
// tunnel per origin; localhost and loopback addresses are never proxied, as in Go) and trusts the
// certificates in SSL_CERT_FILE / SSL_CERT_DIR when set, else the system CA store
// (src/konnect/trust-store.ts), else Node's bundled roots.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { trustedCertificates } from './trust-store.js';

let undici: typeof Undici | undefined;

/**
 * undici, on first use. A synchronous `require('undici')` call is written out on purpose (a
 * dynamic import() would make sharedDispatcher async): esbuild bundles a literal require('x')
 * into the provider as a module that only initialises when the call runs; running from source
 * (tsx, ESM: no `require`), createRequire loads the same CommonJS package.
 */
function loadUndici(): typeof Undici {
  if (undici) return undici;
  // undici's cookies module reads globalThis.Headers when it loads (to accept Node's own Headers
  // too), and that lazy global makes Node load its internal copy of undici: ~20 ms of a provider
  // process's first Konnect call (a CPU profile of a trivial plan showed it). We use no cookie
  // helpers, so the global is hidden while undici loads and put back unchanged afterwards.
  const headers = Object.getOwnPropertyDescriptor(globalThis, 'Headers');
  if (headers?.configurable) Object.defineProperty(globalThis, 'Headers', { value: undefined, configurable: true, writable: true });
  try {
    undici = (typeof require === 'function' ? require('undici') : createRequire(import.meta.url)('undici')) as typeof Undici;
  } finally {
    if (headers?.configurable) Object.defineProperty(globalThis, 'Headers', headers);
  }
  return undici;
}

export interface PoolOptions {
  /** TCP+TLS connect timeout. */
  readonly connectTimeoutMs: number;
  /** Idle sockets are closed after this long (Konnect's edge closes idle ones itself too). */
  readonly keepAliveTimeoutMs: number;
  /** Upper bound of parallel sockets per origin (Terraform's default parallelism is 10). */
  readonly connections: number;
}

export const defaultPoolOptions: PoolOptions = { connectTimeoutMs: 10_000, keepAliveTimeoutMs: 30_000, connections: 16 };

const agents = new Map<string, Dispatcher>();

/** Never sent through a proxy, whatever NO_PROXY says (Go's httpproxy does the same). */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** The NO_PROXY list the pool applies: the environment's (either case) plus the loopback names. */
export function effectiveNoProxy(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.no_proxy ?? env.NO_PROXY ?? '';
  return fromEnv.trim() === '*' ? '*' : [fromEnv, ...LOOPBACK].filter((s) => s.trim() !== '').join(',');
}

/** The shared pool for these options (in practice one per process: the defaults). */
export function sharedDispatcher(options: PoolOptions = defaultPoolOptions): Dispatcher {
  const key = `${options.connectTimeoutMs}/${options.keepAliveTimeoutMs}/${options.connections}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    const ca = trustedCertificates();
    const tls = ca ? { ca } : {};
    agent = new (loadUndici().EnvHttpProxyAgent)({
      noProxy: effectiveNoProxy(),
      // connect: direct connections; requestTls: the origin through a proxy tunnel; proxyTls: an https:// proxy.
      connect: { timeout: options.connectTimeoutMs, ...tls },
      requestTls: { ...tls },
      proxyTls: { timeout: options.connectTimeoutMs, ...tls },
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connections: options.connections,
    });
    agents.set(key, agent);
  }
  return agent;
}

/** Close every shared pool (tests, and a provider process that is shutting down). */
export async function closeSharedDispatchers(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close()));
}
