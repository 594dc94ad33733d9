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

/** The one undici class the pool needs. */
type EnvHttpProxyAgentClass = typeof Undici.EnvHttpProxyAgent;
let undici: EnvHttpProxyAgentClass | undefined;

/**
 * undici's EnvHttpProxyAgent, on first use. A synchronous `require('undici')` call is written out on purpose (a
 * dynamic import() would make sharedDispatcher async): esbuild bundles a literal require('x')
 * into the provider as a module that only initialises when the call runs; running from source
 * (tsx, ESM: no `require`), createRequire loads the same CommonJS package.
 */
function loadUndici(): EnvHttpProxyAgentClass {
  if (undici) return undici;
  // undici's cookies module reads globalThis.Headers when it loads (to accept Node's own Headers
  // too), and that lazy global makes Node load its internal copy of undici: ~20 ms of a provider
  // process's first Konnect call (a CPU profile of a trivial plan showed it). We use no cookie
  // helpers, so the global is hidden while undici loads and put back unchanged afterwards.
  const headers = Object.getOwnPropertyDescriptor(globalThis, 'Headers');
  if (headers?.configurable) Object.defineProperty(globalThis, 'Headers', { value: undefined, configurable: true, writable: true });
  try {
    // The agent's own module, not undici's index: the index loads fetch, WebSocket, EventSource,
    // the cache stores and the mocks too — 110 modules where the agent needs 28 (196 vs 64 ms to
    // require here without a code cache), on the path of every process's first Konnect call.
    // undici has no "exports" map, so its files are reachable by path.
    // undici's index also puts its API methods on Dispatcher.prototype; the proxy agent opens its
    // CONNECT tunnels with one of them (`connect`), so that one is put there here.
    // (Literal require() calls: esbuild bundles them, see above.)
    const load = typeof require === 'function' ? undefined : createRequire(import.meta.url);
    const dispatcherClass = (load ? load('undici/lib/dispatcher/dispatcher.js') : require('undici/lib/dispatcher/dispatcher.js')) as { prototype: { connect?: unknown } };
    dispatcherClass.prototype.connect ??= load ? load('undici/lib/api/api-connect.js') : require('undici/lib/api/api-connect.js');
    undici = (load ? load('undici/lib/dispatcher/env-http-proxy-agent.js') : require('undici/lib/dispatcher/env-http-proxy-agent.js')) as EnvHttpProxyAgentClass;
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

/** A proxy from the environment reached over TLS (its certificate needs the trusted CAs too). */
const httpsProxy = (env: NodeJS.ProcessEnv) => [env.https_proxy, env.HTTPS_PROXY, env.http_proxy, env.HTTP_PROXY].some((p) => p?.trim().toLowerCase().startsWith('https:'));

/**
 * The shared pool for these options (in practice one per process: the defaults). `secure`: the
 * origin is https. The CA certificates are read only when TLS can happen (an https origin or an
 * https proxy): reading the system bundle and SSL_CERT_DIR took ~20 ms of a provider process's
 * first call, which a plain-http server_url (a local mock Konnect) never needs.
 */
export function sharedDispatcher(options: PoolOptions = defaultPoolOptions, secure = true): Dispatcher {
  const tlsPossible = secure || httpsProxy(process.env);
  const key = `${options.connectTimeoutMs}/${options.keepAliveTimeoutMs}/${options.connections}/${tlsPossible ? 'tls' : 'plain'}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    const ca = tlsPossible ? trustedCertificates() : undefined;
    const tls = ca ? { ca } : {};
    agent = new (loadUndici())({
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
