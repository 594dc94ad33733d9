// What keeps many Konnect-fed nodes from hammering Konnect: a poll first asks for the control
// plane's expected config hash (Konnect's DP Nodes API, `GET /v2/control-planes/{id}/
// expected-config-hash`: one small answer) and reads the entities only when it changed; and
// the poll interval is jittered so that nodes started together drift apart.
import { KonnectError, type KonnectClient } from '../../../konnect/index.js';

/** The control plane's expected config hash, or undefined when this Konnect does not answer it (404). */
export async function expectedConfigHash(client: KonnectClient, cpId: string): Promise<string | undefined> {
  try {
    const res = await client.call<{ expected_hash?: unknown }>('GET', `/v2/control-planes/${encodeURIComponent(cpId)}/expected-config-hash`, { expect: [200] });
    return typeof res.body?.expected_hash === 'string' ? res.body.expected_hash : undefined;
  } catch (e) {
    // A 404 may also mean the control plane is gone: the full read that follows tells which.
    if (e instanceof KonnectError && e.code === 'KONNECT_ERR_NOT_FOUND') return undefined;
    throw e;
  }
}

/** `interval` spread over ±`jitter` by `draw` in [0, 1): nodes started together drift apart. */
export function jitteredDelay(interval: number, jitter: number, draw: number): number {
  return Math.round(interval * (1 - jitter + 2 * jitter * draw));
}
