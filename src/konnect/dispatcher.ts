// The one keep-alive connection pool of the process. undici's Agent keeps a pool per origin, so
// every KonnectClient made in a provider process (one per ConfigureProvider) shares sockets.
import { Agent, type Dispatcher } from 'undici';

export interface PoolOptions {
  /** TCP+TLS connect timeout. */
  readonly connectTimeoutMs: number;
  /** Idle sockets are closed after this long (Konnect's edge closes idle ones itself too). */
  readonly keepAliveTimeoutMs: number;
  /** Upper bound of parallel sockets per origin (Terraform's default parallelism is 10). */
  readonly connections: number;
}

export const defaultPoolOptions: PoolOptions = { connectTimeoutMs: 10_000, keepAliveTimeoutMs: 30_000, connections: 16 };

const agents = new Map<string, Agent>();

/** The shared Agent for these options (in practice one per process: the defaults). */
export function sharedDispatcher(options: PoolOptions = defaultPoolOptions): Dispatcher {
  const key = `${options.connectTimeoutMs}/${options.keepAliveTimeoutMs}/${options.connections}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
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
