// The embedded backends: LMDB (durable, the default) or memory (--in-memory, tests). The engine's
// transactions are synchronous, so a request needs no more than calling it.
import { EntityEngine, type KeyValueStore } from '../../../kong-entities/index.js';
import type { AdminBackend } from './backend.js';

export class LocalBackend implements AdminBackend {
  readonly engine: EntityEngine;

  constructor(
    private readonly store: KeyValueStore,
    readonly database: 'off' | 'lmdb',
    readonly location: string,
  ) {
    this.engine = new EntityEngine(store);
  }

  async run<T>(_write: boolean, fn: () => T): Promise<T> {
    return fn();
  }

  async view<T>(fn: () => T): Promise<T> {
    return fn();
  }

  version(): undefined {
    return undefined;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
