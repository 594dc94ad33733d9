// Where the Admin API keeps its entities. Every backend runs the same entity engine; they differ
// in how a request's engine calls are made atomic and in whether anyone else can change them:
//   local.ts     memory or LMDB: synchronous transactions, this process is the only writer
//   postgres.ts  PostgreSQL shared by many nodes: one SQL transaction per write, changes made by
//                other nodes arrive by LISTEN/NOTIFY or by polling every --db-update-frequency
import type { EntityEngine } from '../../../kong-entities/index.js';

export interface AdminBackend {
  readonly engine: EntityEngine;
  /** Kong's `database` value in `GET /` (off, lmdb, postgres). */
  readonly database: string;
  /** Where the entities live, for logs and /status (never a password). */
  readonly location: string;
  /** One request's engine calls: a write commits as one transaction; a read sees the latest committed state. */
  run<T>(write: boolean, fn: () => T): Promise<T>;
  /** `fn` on a consistent view (no write half done), e.g. to build a snapshot. */
  view<T>(fn: () => T): Promise<T>;
  /** The committed version the engine reads, when the backend has one (PostgreSQL); a snapshot is rebuilt when it moves. */
  version(): number | undefined;
  /** Follow changes made by others; `onChange` runs after the engine's view has caught up. */
  watch?(onChange: () => void): void;
  /** What /status shows about the store. */
  status?(): Record<string, unknown>;
  close(): Promise<void>;
}

/** A request the backend could not serve because the database is unreachable (answered 503). */
export class BackendUnavailable extends Error {}
