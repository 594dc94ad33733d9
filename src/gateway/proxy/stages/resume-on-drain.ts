// Back-pressure from the client to the upstream: when a write to the client fills its buffer,
// the upstream body is paused (its `data` returns false) and resumed on the client's 'drain'.
// A client that leaves instead never drains; its 'close' aborts the call (handler.ts), which
// ends the body.
import type { ServerResponse } from 'node:http';
import type { UpstreamBody } from '../../upstream/index.js';

/** Where the 'drain' comes from: the response, or what a ChunkWriter wrote to last. */
export type DrainSource = Pick<ServerResponse, 'once'> | { once(event: 'drain', listener: () => void): unknown };

/** A function to call when a write returned false: resumes `body` on the next 'drain' (one wait at a time). */
export function resumeOnDrain(res: DrainSource, body: UpstreamBody): () => void {
  let waiting = false;
  const onDrain = (): void => {
    waiting = false;
    body.resume();
  };
  return () => {
    if (waiting) return;
    waiting = true;
    res.once('drain', onDrain);
  };
}
