// The Konnect source: `--konnect-url URL --konnect-token TOKEN (or KONNECT_TOKEN) --control-plane
// NAME_OR_ID [--poll-interval 5s]`. Reads the whole control plane, then polls; a changed
// configuration becomes a new snapshot (one atomic swap). When Konnect is unreachable or
// refuses the token, the last good snapshot stays in force and `status()` says so — the token
// itself never appears in a message.
import { KonnectClient, KonnectError, type RetryPolicy } from '../../../konnect/index.js';
import type { Plugin } from '../../../schemas/entities.js';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../../config/snapshot.js';
import { preparePlugin as validateKnownPlugin } from '../prepare-plugin.js';
import { fetchControlPlane, resolveControlPlane, type KonnectEntities } from './fetch.js';

export interface KonnectSourceOptions {
  readonly serverUrl: string;
  /** From --konnect-token or KONNECT_TOKEN; only ever sent as the Authorization header. */
  readonly token: string;
  readonly controlPlane: string;
  readonly pollIntervalMs?: number;
  /** Default: validate ai-proxy and key-auth with the shared schema (sources/prepare-plugin.ts). */
  readonly preparePlugin?: (plugin: Plugin) => { readonly plugin: Plugin } | { readonly error: string };
  readonly log?: (line: string) => void;
  /** Retries within one poll (default: 2 attempts; the next poll is the real retry). */
  readonly retry?: Partial<RetryPolicy>;
}

/** What /status shows for this source. */
export interface KonnectSourceStatus {
  readonly source: 'konnect';
  readonly serverUrl: string;
  readonly controlPlane: string;
  readonly controlPlaneId: string | null;
  /** ok: the last poll succeeded; stale: the last poll failed and the last good snapshot is in use. */
  readonly state: 'starting' | 'ok' | 'stale';
  readonly revision: number;
  readonly lastSuccessAt: string | null;
  readonly lastPollAt: string | null;
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
  readonly pollIntervalMs: number;
}

export class KonnectSource implements ConfigSource {
  readonly origin: SnapshotOrigin;
  private readonly client: KonnectClient;
  private readonly interval: number;
  private cpId: string | null = null;
  private revision = 0;
  private lastJson = '';
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private current: KonnectSourceStatus;

  constructor(private readonly opts: KonnectSourceOptions) {
    this.client = new KonnectClient({
      serverUrl: opts.serverUrl,
      credentials: { token: opts.token, source: 'personal_access_token' },
      retry: { maxAttempts: 2, maxElapsedMs: 20_000, ...opts.retry },
    });
    this.interval = opts.pollIntervalMs ?? 5000;
    this.origin = { kind: 'konnect', location: `${this.client.baseUrl.origin} control plane ${opts.controlPlane}` };
    this.current = {
      source: 'konnect', serverUrl: this.client.baseUrl.origin, controlPlane: opts.controlPlane, controlPlaneId: null,
      state: 'starting', revision: 0, lastSuccessAt: null, lastPollAt: null, lastError: null, pollIntervalMs: this.interval,
    };
  }

  status(): KonnectSourceStatus {
    return this.current;
  }

  /** One read of the control plane; resolves with a snapshot when the configuration changed, else null. */
  async poll(): Promise<ConfigSnapshot | null> {
    const at = new Date().toISOString();
    try {
      if (!this.cpId) {
        const cp = await resolveControlPlane(this.client, this.opts.controlPlane);
        this.cpId = cp.id;
      }
      const entities = await fetchControlPlane(this.client, this.cpId);
      const snapshot = this.toSnapshot(entities);
      this.current = { ...this.current, controlPlaneId: this.cpId, state: 'ok', lastPollAt: at, lastSuccessAt: at, lastError: null, revision: this.revision };
      return snapshot;
    } catch (e) {
      const code = e instanceof KonnectError ? e.code : 'KONNECT_SOURCE_ERR';
      const message = describe(e, this.opts.controlPlane);
      this.current = { ...this.current, state: this.revision > 0 ? 'stale' : 'starting', lastPollAt: at, lastError: { code, message, at } };
      throw new Error(message);
    }
  }

  private toSnapshot(e: KonnectEntities): ConfigSnapshot | null {
    const plugins: Plugin[] = [];
    const problems: string[] = [];
    for (const p of e.plugins) {
      const prepared = (this.opts.preparePlugin ?? validateKnownPlugin)(p);
      if ('error' in prepared) problems.push(`plugin ${p.id} (${p.name}): ${prepared.error}`);
      else plugins.push(prepared.plugin);
    }
    if (problems.length) throw new Error(`the control plane holds plugins this gateway cannot run:\n  ${problems.join('\n  ')}`);
    // Only a real change makes a new snapshot (and a new revision).
    const json = JSON.stringify([e.services, e.routes, e.consumers, e.consumerGroups, e.consumerGroupMembers, e.keyAuthCredentials, plugins]);
    if (json === this.lastJson) return null;
    this.lastJson = json;
    return Object.freeze({ origin: this.origin, revision: ++this.revision, loadedAt: new Date(), ...e, plugins });
  }

  async start(handlers: { onSnapshot(s: ConfigSnapshot): void; onError(e: Error): void }): Promise<ConfigSnapshot> {
    const first = await this.poll();
    if (!first) throw new Error('internal: the first Konnect read produced no snapshot');
    let failing: string | undefined;
    const tick = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.poll().then(
          (s) => {
            if (failing !== undefined) {
              this.opts.log?.(`konnect: control plane ${this.opts.controlPlane} read again after: ${failing}`);
              failing = undefined;
            }
            if (s) {
              this.opts.log?.(`konnect: applied revision ${s.revision} from control plane ${this.opts.controlPlane}`);
              handlers.onSnapshot(s);
            }
          },
          (err: Error) => {
            // Said once per outage (and again when the reason changes), not on every poll.
            if (err.message === failing) return;
            failing = err.message;
            this.opts.log?.(`konnect: ${err.message}; keeping the last good configuration (revision ${this.revision}, read at ${this.current.lastSuccessAt}) and retrying every ${this.interval} ms`);
            handlers.onError(err);
          },
        ).finally(tick);
      }, this.interval);
      this.timer.unref();
    };
    tick();
    return first;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.client.cancelAll();
  }
}

function describe(e: unknown, cp: string): string {
  if (e instanceof KonnectError) {
    switch (e.code) {
      case 'KONNECT_ERR_AUTH':
        return `Konnect refused the token (401) reading control plane ${cp}; check --konnect-token / KONNECT_TOKEN`;
      case 'KONNECT_ERR_FORBIDDEN':
        return `Konnect denied access (403) to control plane ${cp}; the token's role cannot read it`;
      case 'KONNECT_ERR_NOT_FOUND':
        return `Konnect has no control plane ${cp} (404 on ${e.path}); check --control-plane`;
      case 'KONNECT_ERR_UNREACHABLE':
      case 'KONNECT_ERR_TIMEOUT':
        return `Konnect is unreachable (${e.message}); check --konnect-url and the network`;
      default:
        return `reading control plane ${cp} failed: ${e.message}`;
    }
  }
  return e instanceof Error ? e.message : String(e);
}
