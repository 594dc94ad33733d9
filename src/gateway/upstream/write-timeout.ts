// write_timeout — nginx's proxy_send_timeout, which Kong sets from a service's (or ai-proxy-
// advanced's config.balancer's) write_timeout: "the timeout between two successive write
// operations for transmitting a request to the upstream server"; if the upstream takes nothing
// within it, the call fails as a timeout (nginx: 504, the `timeout` failover criterion).
//
// undici writes a Buffer body in one socket.write and reports the request sent at once, whether
// the socket took it or not, so a stalled write is not observable that way. An iterable body is
// written by undici's writeIterable: each slice is written, and the next one is asked for only
// when the socket took it (the write returned true, or 'drain' came after it returned false). So
// the body goes out as `WriteTimedBody`, slices of SLICE bytes, and a timer is (re)armed each
// time a slice is handed out and stopped when the last one was taken: a timeout means the socket
// took nothing for write_timeout — the upstream stopped reading. When it fires, the call is
// aborted with `WriteTimeoutError`.
//
// Bodies under WATCHED_MIN bytes go out as a Buffer, in one write as before: on a connection
// with nothing left to send (undici sends one request at a time per connection) a write smaller
// than the socket's buffer (highWaterMark: 16 KiB with TLS, 64 KiB over TCP) always returns true,
// so the iterable would observe nothing more, and it costs an async iteration per slice.
// Likewise the last slices, once the socket has accepted them into its own buffer (up to its
// highWaterMark), are not timed: if the upstream never reads those, read_timeout ends the call
// (undici's headers timeout, armed while the request is written).

/** Bodies smaller than this are written at once, untimed (see above). */
export const WATCHED_MIN = 16 * 1024;
/** One write: TLS's record-sized socket buffer, so progress is seen at least every 16 KiB. */
const SLICE = 16 * 1024;

export class WriteTimeoutError extends Error {
  readonly code = 'ERR_UPSTREAM_WRITE_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`the upstream took no part of the request within write_timeout ${timeoutMs} ms`);
    this.name = 'WriteTimeoutError';
  }
}

/** A request body handed to undici slice by slice, with write_timeout between two slices taken. */
export class WriteTimedBody implements Iterable<Buffer>, Iterator<Buffer> {
  private offset = 0;
  private timer: NodeJS.Timeout | null = null;
  private used = false;
  private stopped = false;

  constructor(
    private readonly body: Buffer,
    private readonly timeoutMs: number,
    private readonly onTimeout: (err: WriteTimeoutError) => void,
  ) {}

  [Symbol.iterator](): Iterator<Buffer> {
    if (this.used) throw new Error('WriteTimedBody: a body is written once');
    this.used = true;
    return this;
  }

  /** undici asks for a slice: the previous one, if any, has been taken by the socket. */
  next(): IteratorResult<Buffer> {
    const { body, offset } = this;
    if (offset >= body.length) {
      this.stop();
      return { done: true, value: undefined };
    }
    const end = Math.min(offset + SLICE, body.length);
    this.offset = end;
    if (this.timer !== null) this.timer.refresh();
    else if (!this.stopped) this.timer = setTimeout(this.fire, this.timeoutMs);
    return { done: false, value: body.subarray(offset, end) };
  }

  /** undici stopped writing (the call failed or was aborted). */
  return(): IteratorResult<Buffer> {
    this.stop();
    return { done: true, value: undefined };
  }

  /** No more timing: the call ended, or the upstream answered (what it reads now is its business; read_timeout covers the answer). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.stopped = true;
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.onTimeout(new WriteTimeoutError(this.timeoutMs));
  };
}
