// The per-request "client went away" signal handed to the upstream call (upstream/call.ts).
// Not an AbortController, nor an EventEmitter: creating an AbortSignal (an EventTarget) and
// listening on it was a visible share of the gateway's CPU per request in `node --cpu-prof`
// under load (bench/gateway.bench.ts), and a request has one call in flight, so one listener
// slot is all it needs.
import type { AbortHook } from '../upstream/index.js';

export class ClientAbort implements AbortHook {
  /** True once the client has gone; the upstream call in flight is aborted then. */
  aborted = false;
  private listener: (() => void) | null = null;

  listen(fn: (() => void) | null): void {
    this.listener = fn;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const fn = this.listener;
    this.listener = null;
    fn?.();
  }
}
