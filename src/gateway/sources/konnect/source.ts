// The Konnect source: `--konnect-url URL --konnect-token TOKEN (or KONNECT_TOKEN) --control-plane
// NAME_OR_ID [--poll-interval 5s]`. Reads the whole control plane, then polls; a changed
// configuration becomes a new snapshot (one atomic swap). When Konnect is unreachable, refuses
// the token, or the control plane is gone, the last good snapshot stays in force (as on a Kong
// data plane), the log says so once when the outage starts and once when it ends, and `status()`
// says so — the token itself never appears in a message. A control plane given by name that
// answers 404 is looked up by name again (re-created by terraform destroy + apply: a new id).
import { KonnectClient, KonnectError, type RetryPolicy } from '../../../konnect/index.js';
import type { Plugin } from '../../../schemas/entities.js';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../../config/snapshot.js';
import { preparePlugin as validateKnownPlugin } from '../prepare-plugin.js';
import { expectedConfigHash, jitteredDelay } from './cheap-polls.js';
import { fetchControlPlane, isControlPlaneId, lookupControlPlane, resolveControlPlane, type KonnectEntities } from './fetch.js';

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
  /** Each interval is pollIntervalMs × (1 ± jitter) (default 0.2). */
  readonly jitter?: number;
  /** Read every entity at least every this many polls, even when the hash says nothing changed (default 60: five minutes at 5 s). */
  readonly fullReadEvery?: number;
  /** False: read every entity on every poll, as this source did before the hash (for comparison in bench/). */
  readonly cheapPolls?: boolean;
  /** For tests: the random source of the jitter. */
  readonly random?: () => number;
}

/** What /status shows for this source. */
export interface KonnectSourceStatus {
  readonly source: 'konnect';
  readonly serverUrl: string;
  readonly controlPlane: string;
  readonly controlPlaneId: string | null;
  /**
   * ok: the last poll succeeded; stale: the last poll failed (Konnect unreachable, token refused,
   * or a configuration refused) and the last good snapshot is in use; missing: the control plane
   * no longer exists (404) — the last good snapshot is in use and, for a name, it is looked up
   * again on every poll.
   */
  readonly state: 'starting' | 'ok' | 'stale' | 'missing';
  readonly revision: number;
  readonly lastSuccessAt: string | null;
  readonly lastPollAt: string | null;
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
  readonly pollIntervalMs: number;
  /** Polls answered by the expected config hash alone, and full reads of the entities. */
  readonly polls?: { readonly unchanged: number; readonly fullReads: number };
}

/** A poll that could not read the control plane (Konnect down, token refused, control plane gone). */
class KonnectOutage extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly missing: boolean,
  ) {
    super(message);
  }
}

/** A poll that read a configuration this gateway refuses (the last good one stays). */
class RejectedConfiguration extends Error {}

export class KonnectSource implements ConfigSource {
  readonly origin: SnapshotOrigin;
  private readonly client: KonnectClient;
  private readonly interval: number;
  /** --control-plane was a name: a 404 on its id means "look the name up again". */
  private readonly byName: boolean;
  private cpId: string | null = null;
  private revision = 0;
  private lastJson = '';
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private current: KonnectSourceStatus;
  /** The outage in progress (logged once when it starts, once when it ends). */
  private outage: { readonly key: string; readonly message: string; readonly missing: boolean; readonly since: string; readonly id: string | null } | undefined;
  private rejected: string | undefined;
  /** The expected config hash the current snapshot was read under; undefined: read everything next time. */
  private readHash: string | undefined;
  /** False once this Konnect answered the hash endpoint 404 for a control plane that exists. */
  private hashSupported = true;
  private pollsSinceFullRead = 0;
  /** Requests per poll, for /status: hash-only polls and full reads. */
  private counts = { hashPolls: 0, fullReads: 0 };

  constructor(private readonly opts: KonnectSourceOptions) {
    this.client = new KonnectClient({
      serverUrl: opts.serverUrl,
      credentials: { token: opts.token, source: 'personal_access_token' },
      retry: { maxAttempts: 2, maxElapsedMs: 20_000, ...opts.retry },
    });
    this.interval = opts.pollIntervalMs ?? 5000;
    this.byName = !isControlPlaneId(opts.controlPlane);
    this.origin = { kind: 'konnect', location: `${this.client.baseUrl.origin} control plane ${opts.controlPlane}` };
    this.current = {
      source: 'konnect', serverUrl: this.client.baseUrl.origin, controlPlane: opts.controlPlane, controlPlaneId: null,
      state: 'starting', revision: 0, lastSuccessAt: null, lastPollAt: null, lastError: null, pollIntervalMs: this.interval,
    };
  }

  status(): KonnectSourceStatus {
    return { ...this.current, polls: { unchanged: this.counts.hashPolls, fullReads: this.counts.fullReads } };
  }

  /** One read of the control plane; resolves with a snapshot when the configuration changed, else null. */
  async poll(): Promise<ConfigSnapshot | null> {
    const at = new Date().toISOString();
    try {
      const read = await this.read();
      if (read === 'unchanged') {
        this.current = { ...this.current, state: 'ok', lastPollAt: at, lastSuccessAt: at, lastError: null };
        return null;
      }
      const snapshot = this.toSnapshot(read.entities);
      // Only a configuration this gateway accepted counts as read under that hash.
      this.readHash = read.hash;
      this.current = { ...this.current, controlPlaneId: this.cpId, state: 'ok', lastPollAt: at, lastSuccessAt: at, lastError: null, revision: this.revision };
      return snapshot;
    } catch (e) {
      const err = this.classify(e);
      const code = err instanceof KonnectOutage ? err.code : e instanceof KonnectError ? e.code : 'KONNECT_SOURCE_ERR';
      const state = this.revision === 0 ? 'starting' : err instanceof KonnectOutage && err.missing ? 'missing' : 'stale';
      this.current = { ...this.current, controlPlaneId: this.cpId ?? this.current.controlPlaneId, state, lastPollAt: at, lastError: { code, message: err.message, at } };
      throw err;
    }
  }

  /**
   * The control plane's entities. A name is resolved once and its id polled; when the id answers
   * 404 (the control plane was deleted — and maybe created again under the same name, with a new
   * id, as `terraform destroy` + `apply` do), the name is looked up again on every poll.
   */
  private async read(): Promise<{ entities: KonnectEntities; hash: string | undefined } | 'unchanged'> {
    let hash: string | undefined;
    const cheap = this.hashSupported && this.opts.cheapPolls !== false;
    // The first read resolves the control plane first, so that it is read under a known hash too.
    if (cheap && !this.cpId && this.revision === 0) this.cpId = (await resolveControlPlane(this.client, this.opts.controlPlane)).id;
    const asked = cheap && this.cpId ? this.cpId : undefined;
    if (asked) {
      hash = await expectedConfigHash(this.client, asked);
      if (hash !== undefined && hash === this.readHash && this.pollsSinceFullRead < (this.opts.fullReadEvery ?? 60)) {
        this.pollsSinceFullRead++;
        this.counts.hashPolls++;
        return 'unchanged';
      }
    }
    const entities = await this.readAll();
    this.counts.fullReads++;
    this.pollsSinceFullRead = 0;
    // Read after the hash: a change in between makes the next poll read again (never a missed change).
    // No hash for a control plane that the full read found under the same id: this Konnect has no such endpoint.
    if (asked && hash === undefined && this.cpId === asked) this.hashSupported = false;
    return { entities, hash };
  }

  private async readAll(): Promise<KonnectEntities> {
    if (!this.cpId) {
      if (this.revision === 0 || !this.byName) this.cpId = (await resolveControlPlane(this.client, this.opts.controlPlane)).id;
      else {
        const { hit } = await lookupControlPlane(this.client, this.opts.controlPlane);
        if (!hit) throw this.missing(null);
        this.cpId = hit.id;
      }
    }
    try {
      return await fetchControlPlane(this.client, this.cpId);
    } catch (e) {
      if (!(e instanceof KonnectError && e.code === 'KONNECT_ERR_NOT_FOUND') || this.revision === 0) throw e;
      if (!this.byName) throw this.missing(e);
      const gone = this.cpId;
      const { hit } = await lookupControlPlane(this.client, this.opts.controlPlane);
      if (hit && hit.id === gone) throw e; // the control plane exists: some other 404
      this.cpId = hit?.id ?? null;
      if (!hit) throw this.missing(e, gone);
      return await fetchControlPlane(this.client, hit.id);
    }
  }

  private missing(e: KonnectError | null, id: string | null = this.current.controlPlaneId): KonnectOutage {
    const cp = this.opts.controlPlane;
    const why = this.byName
      ? `${id ? `its id ${id} answers 404 and ` : ''}no control plane has that name now`
      : `404${e ? ` on ${e.path}` : ''}`;
    return new KonnectOutage(`control plane '${cp}' no longer exists in Konnect (${why})`, 'KONNECT_ERR_NOT_FOUND', true);
  }

  private classify(e: unknown): Error {
    if (e instanceof KonnectOutage || e instanceof RejectedConfiguration) return e;
    if (e instanceof KonnectError) return new KonnectOutage(describe(e, this.opts.controlPlane), e.code, false);
    return e instanceof Error ? e : new Error(String(e));
  }

  private toSnapshot(e: KonnectEntities): ConfigSnapshot | null {
    const plugins: Plugin[] = [];
    const problems: string[] = [];
    for (const p of e.plugins) {
      const prepared = (this.opts.preparePlugin ?? validateKnownPlugin)(p);
      if ('error' in prepared) problems.push(`plugin ${p.id} (${p.name}): ${prepared.error}`);
      else plugins.push(prepared.plugin);
    }
    if (problems.length) throw new RejectedConfiguration(`the control plane holds plugins this gateway cannot run:\n  ${problems.join('\n  ')}`);
    // Only a real change makes a new snapshot (and a new revision).
    const json = JSON.stringify([e.services, e.routes, e.consumers, e.consumerGroups, e.consumerGroupMembers, e.keyAuthCredentials, plugins]);
    if (json === this.lastJson) return null;
    this.lastJson = json;
    return Object.freeze({ origin: this.origin, revision: ++this.revision, loadedAt: new Date(), ...e, plugins });
  }

  private log(line: string): void {
    this.opts.log?.(`konnect: ${line}`);
  }

  /** Konnect answered again: the outage in progress, if any, ends (said once). */
  private endOutage(): void {
    const o = this.outage;
    if (!o) return;
    this.outage = undefined;
    const cp = this.opts.controlPlane;
    this.log(
      o.missing
        ? this.cpId !== o.id
          ? `control plane '${cp}' found again under a new id ${this.cpId} (was ${o.id}); missing since ${o.since}`
          : `control plane '${cp}' found again (id ${this.cpId}); missing since ${o.since}`
        : `control plane '${cp}' read again after: ${o.message}`,
    );
  }

  /** Polling after the first read. An outage is said once when it starts and once when it ends. */
  private onPolled(s: ConfigSnapshot | null, handlers: { onSnapshot(s: ConfigSnapshot): void }): void {
    this.endOutage();
    this.rejected = undefined;
    if (s) {
      this.log(`applied revision ${s.revision} from control plane ${this.opts.controlPlane}`);
      handlers.onSnapshot(s);
    }
  }

  private onPollFailed(err: Error, handlers: { onError(e: Error): void }): void {
    if (err instanceof RejectedConfiguration) {
      // Konnect answered, with a configuration this gateway refuses: the gateway reports it once.
      this.endOutage();
      if (err.message !== this.rejected) handlers.onError(err);
      this.rejected = err.message;
      return;
    }
    const missing = err instanceof KonnectOutage && err.missing;
    // An outage is keyed by its kind, not its wording: the message names the request that failed
    // first, and which of the parallel reads fails first changes from poll to poll. A missing
    // control plane, an unreachable (or timing out) Konnect, a refused token: each is one outage.
    const key = missing ? 'missing' : err instanceof KonnectOutage ? outageKind(err.code) : err.message;
    if (this.outage?.key === key) return;
    this.outage = { key, message: err.message, missing, since: this.outage?.since ?? new Date().toISOString(), id: this.outage?.id ?? this.current.controlPlaneId };
    const kept = `keeping the last good configuration (revision ${this.revision}, read at ${this.current.lastSuccessAt})`;
    this.log(
      missing
        ? `${err.message}; ${kept}, as a Kong data plane does; ${this.byName ? `looking it up by name every ${this.interval} ms` : `retrying every ${this.interval} ms`}`
        : `${err.message}; ${kept} and retrying every ${this.interval} ms`,
    );
  }

  async start(handlers: { onSnapshot(s: ConfigSnapshot): void; onError(e: Error): void }): Promise<ConfigSnapshot> {
    const first = await this.poll();
    if (!first) throw new Error('internal: the first Konnect read produced no snapshot');
    const tick = () => {
      if (this.stopped) return;
      const delay = jitteredDelay(this.interval, this.opts.jitter ?? 0.2, (this.opts.random ?? Math.random)());
      this.timer = setTimeout(() => {
        this.poll()
          .then(
            (s) => this.onPolled(s, handlers),
            (err: Error) => this.onPollFailed(err, handlers),
          )
          .finally(tick);
      }, delay);
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

/** Errors that are the same outage to the user: unreachable and timing out are one. */
function outageKind(code: string): string {
  return code === 'KONNECT_ERR_TIMEOUT' ? 'KONNECT_ERR_UNREACHABLE' : code;
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
