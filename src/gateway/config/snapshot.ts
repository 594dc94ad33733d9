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
}

/**
 * A configuration source. `start` resolves once the first snapshot is available (or rejects
 * with a message naming the file/entity/field at fault); afterwards every change is delivered
 * through `onSnapshot`. A source that fails after start keeps its last good snapshot and
 * reports the problem through `onError` (never with a secret in the message).
 */
export interface ConfigSource {
  readonly origin: SnapshotOrigin;
  start(handlers: {
    onSnapshot(snapshot: ConfigSnapshot): void;
    onError(error: Error): void;
  }): Promise<ConfigSnapshot>;
  stop(): Promise<void>;
}
