// Keep-alive connection pools to upstreams (undici), one per origin and connect timeout, shared
// across snapshots so a config reload does not drop warm connections.
import { Pool } from 'undici';

const pools = new Map<string, Pool>();

export function poolFor(origin: string, connectTimeoutMs: number): Pool {
  const key = `${origin}|${connectTimeoutMs}`;
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = new Pool(origin, {
      connections: 256,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      connect: { timeout: connectTimeoutMs },
    });
    pools.set(key, pool);
  }
  return pool;
}

export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.allSettled(all.map((p) => p.destroy()));
}
