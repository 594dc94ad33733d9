// The gateway's configuration: one resolved, validated, immutable snapshot. Every source
// (decK kong.yaml, the Admin API, Konnect, KIC manifests) produces one of these; the proxy only
// ever reads a snapshot, and swapping snapshots is a single reference assignment (in-flight
// requests keep the one they started with).
import type {
  Consumer,
  ConsumerGroup,
  ConsumerGroupMembership,
  KeyAuthCredential,
  Plugin,
  Route,
  Service,
} from '../../schemas/entities.js';

export interface SnapshotOrigin {
  /** Which kind of source made it. */
  readonly kind: 'deck' | 'admin-api' | 'konnect' | 'kic';
  /** Human-readable where: a file path, a URL + control plane, a directory. Never a token. */
  readonly location: string;
}

/** What a configuration holds, as every source produces it (a snapshot adds where and when). */
export interface SnapshotEntities {
  readonly services: readonly Service[];
  readonly routes: readonly Route[];
  readonly consumers: readonly Consumer[];
  readonly consumerGroups: readonly ConsumerGroup[];
  readonly consumerGroupMembers: readonly ConsumerGroupMembership[];
  readonly keyAuthCredentials: readonly KeyAuthCredential[];
  /** Every plugin instance (ai-proxy with a validated, defaults-filled config; others as given). */
  readonly plugins: readonly Plugin[];
}

export interface ConfigSnapshot extends SnapshotEntities {
  readonly origin: SnapshotOrigin;
  /** Monotonic per source; bumps on every applied change. */
  readonly revision: number;
  readonly loadedAt: Date;
  /** Plugin objects the source holds that apply to nothing (KIC), for `explain`. */
  readonly unattachedPlugins?: readonly UnattachedPlugin[];
}

/** A plugin defined but attached nowhere, e.g. a KongPlugin no `konghq.com/plugins` annotation names. */
export interface UnattachedPlugin {
  /** The object, e.g. "KongPlugin kong/ai-proxy". */
  readonly object: string;
  /** The plugin it would run, e.g. "ai-proxy". */
  readonly plugin: string;
  readonly reason: string;
  /** Commands that attach it, e.g. `kubectl annotate ingress hf -n kong konghq.com/plugins=ai-proxy`. */
  readonly fix: readonly string[];
}

/**
 * A configuration source. `start` resolves once the first snapshot is available (or rejects
 * with a message naming the file/entity/field at fault); afterwards every change is delivered
 * through `onSnapshot`. A configuration read after start but refused is reported through
 * `onError` and the last good snapshot stays in force; an outage of the source itself (Konnect
 * unreachable, control plane missing) is the source's to log, once when it starts and once when
 * it ends. Never with a secret in the message.
 */
export interface ConfigSource {
  readonly origin: SnapshotOrigin;
  start(handlers: {
    onSnapshot(snapshot: ConfigSnapshot): void;
    onError(error: Error): void;
  }): Promise<ConfigSnapshot>;
  /** Close: stop watching or polling, release listeners, files and connections. */
  stop(): Promise<void>;
  // Optional abilities (a source may offer them; callers use `?.`, never the source's class):
  /** Read the configuration again now (SIGHUP), keeping the last good one if it is refused. */
  reload?(): void | Promise<void>;
  /** What /status shows about the source (state, last error, …); without it, the origin. */
  status?(): unknown;
}
