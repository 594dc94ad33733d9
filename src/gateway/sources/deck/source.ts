// The decK source: reads a kong.yaml, yields an immutable ConfigSnapshot, and reloads it when
// the file changes (polled: fs.watch misses editors' rename-and-replace) or when `reload()` is
// called (bin/ai-gateway wires SIGHUP to it). A file that fails to load is reported through
// onError and the last good snapshot stays in force.
import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../../config/snapshot.js';
import { parseDeck } from './parse.js';

export class DeckConfigError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.length === 1 ? errors[0]! : `${errors.length} problems:\n  ${errors.join('\n  ')}`);
    this.name = 'DeckConfigError';
  }
}

export interface DeckSourceOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Poll interval for file changes; 0 disables watching. */
  readonly watchIntervalMs?: number;
  /** A snapshot of this file already loaded (by the CLI's fail-fast check), used as the first. */
  readonly initial?: ConfigSnapshot;
}

/** Load a decK file once (used by the CLI to fail fast, and by the source). */
export async function loadDeckFile(path: string, env: NodeJS.ProcessEnv = process.env, revision = 1): Promise<ConfigSnapshot> {
  const full = resolve(path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (err) {
    throw new DeckConfigError([`${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'}); check --config`]);
  }
  const parsed = parseDeck(path, text, env);
  if (!parsed.ok) throw new DeckConfigError(parsed.errors);
  const snapshot: ConfigSnapshot = { origin: { kind: 'deck', location: full }, revision, loadedAt: new Date(), ...parsed.content };
  return Object.freeze(snapshot);
}

export class DeckSource implements ConfigSource {
  readonly origin: SnapshotOrigin;
  private revision = 0;
  private handlers: Parameters<ConfigSource['start']>[0] | undefined;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly options: DeckSourceOptions = {},
  ) {
    this.origin = { kind: 'deck', location: resolve(path) };
  }

  async start(handlers: Parameters<ConfigSource['start']>[0]): Promise<ConfigSnapshot> {
    const first = this.options.initial ?? (await loadDeckFile(this.path, this.options.env, 1));
    this.revision = first.revision;
    this.handlers = handlers;
    const interval = this.options.watchIntervalMs ?? 1000;
    if (interval > 0) {
      watchFile(this.origin.location, { interval, persistent: false }, (cur, prev) => {
        if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size) void this.reload();
      });
    }
    return first;
  }

  /** Re-read the file; the new snapshot goes to onSnapshot, a failure to onError. */
  reload(): Promise<void> {
    this.loading = this.loading.then(async () => {
      if (!this.handlers) return;
      try {
        const snap = await loadDeckFile(this.path, this.options.env, this.revision + 1);
        this.revision = snap.revision;
        this.handlers.onSnapshot(snap);
      } catch (err) {
        this.handlers.onError(err as Error);
      }
    });
    return this.loading;
  }

  async stop(): Promise<void> {
    unwatchFile(this.origin.location);
    this.handlers = undefined;
  }
}
