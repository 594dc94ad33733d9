// Snapshots across node:cluster: the primary runs a source that must exist once (the Admin
// API: one listener on :8001, one writer of its store) and sends every snapshot to the workers
// over the cluster IPC channel; each worker serves them through IpcSnapshotSource.
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../config/snapshot.js';

interface SnapshotMessage {
  readonly type: 'ai-gateway:snapshot';
  readonly snapshot: Omit<ConfigSnapshot, 'loadedAt'> & { readonly loadedAt: string };
}

/** What a worker sends when it is ready to receive snapshots. */
export const WANT_SNAPSHOT = { type: 'ai-gateway:want-snapshot' } as const;

export function isWantSnapshot(m: unknown): boolean {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === WANT_SNAPSHOT.type;
}

export function snapshotMessage(snapshot: ConfigSnapshot): SnapshotMessage {
  return { type: 'ai-gateway:snapshot', snapshot: { ...snapshot, loadedAt: snapshot.loadedAt.toISOString() } };
}

function isSnapshotMessage(m: unknown): m is SnapshotMessage {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ai-gateway:snapshot';
}

/** A worker's source: snapshots arrive from the primary (process 'message' events). */
export class IpcSnapshotSource implements ConfigSource {
  readonly origin: SnapshotOrigin;
  private listener: ((m: unknown) => void) | undefined;

  constructor(origin: SnapshotOrigin, private readonly proc: NodeJS.Process = process) {
    this.origin = origin;
  }

  start(handlers: { onSnapshot(s: ConfigSnapshot): void; onError(e: Error): void }): Promise<ConfigSnapshot> {
    return new Promise((resolve) => {
      let first = true;
      this.listener = (m: unknown) => {
        if (!isSnapshotMessage(m)) return;
        const snapshot: ConfigSnapshot = Object.freeze({ ...m.snapshot, loadedAt: new Date(m.snapshot.loadedAt) });
        if (first) {
          first = false;
          resolve(snapshot);
        } else handlers.onSnapshot(snapshot);
      };
      this.proc.on('message', this.listener);
      // Ask for the current snapshot only now that the listener is attached (IPC messages that
      // arrive before a listener exists are lost).
      this.proc.send?.(WANT_SNAPSHOT);
    });
  }

  async stop(): Promise<void> {
    if (this.listener) this.proc.off('message', this.listener);
  }
}
