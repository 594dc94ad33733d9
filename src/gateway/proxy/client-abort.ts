// The per-request "client went away" signal handed to undici. Not an AbortController: creating
// an AbortSignal (an EventTarget) and listening on it was a visible share of the gateway's CPU
// per request in `node --cpu-prof` under load (bench/gateway.bench.ts), while undici's
// request() accepts any EventEmitter that emits 'abort' as its `signal`, which is all this is.
import { EventEmitter } from 'node:events';

export class ClientAbort extends EventEmitter {
  /** True once the client has gone; undici aborts the upstream request on the 'abort' event. */
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}
