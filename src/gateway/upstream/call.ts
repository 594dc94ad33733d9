// One upstream call over undici's dispatcher API, its answer's body handed chunk by chunk to one
// consumer. Hand-written over `request()`: request() wraps every answer in a Readable stream,
// and the Readable machinery (push, buffering, 'readable'/'data' events, the async iterator, a
// promise per chunk) was the largest cost the relay added per streamed event in `node
// --cpu-prof`. bench/gateway-ab.bench.ts, both builds side by side in one run: with this, the
// SSE parser of the same branch and the headers sent with the first event, the gateway used
// 0.81–0.93× the CPU per stream of the one before, 0.80–0.88× per /generate request. Here each
// chunk goes from undici's parser straight to the consumer's `data`, which returns false to
// pause the socket until `resume()`. Timeouts (headersTimeout, bodyTimeout) and their errors are
// undici's own, as with request(); writeTimeout is this gateway's (write-timeout.ts).
import { util, type Dispatcher } from 'undici';
import { WATCHED_MIN, WriteTimedBody } from './write-timeout.js';

/** What a call can be aborted by: the client going away. One listener (the call in flight). */
export interface AbortHook {
  readonly aborted: boolean;
  /** Set (or clear, with null) the one function called when it aborts. */
  listen(fn: (() => void) | null): void;
}

/** The consumer of a body. Exactly one of `end` and `error` is called, once. */
export interface BodySink {
  /** A chunk; return false to stop the flow until `UpstreamBody.resume()`. */
  data(chunk: Buffer): boolean;
  end(): void;
  error(err: Error): void;
}

export interface UpstreamAnswer {
  readonly statusCode: number;
  /** Lower-case names, as undici's request() gives them. */
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: UpstreamBody;
}

export interface CallOptions {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer | null;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
  /** write_timeout (ms) between two writes of the request body; 0: none. */
  readonly writeTimeout: number;
}

class AbortedError extends Error {
  readonly code = 'UND_ERR_ABORTED';
  constructor() {
    super('Request aborted');
    this.name = 'AbortError';
  }
}

/** How a body reaches back into its call (set by the call's handler). */
interface CallControl {
  /** The consumer asked to pause: the next chunk from the socket pauses it. */
  pause(): void;
  resume(): void;
  abort(err: Error): void;
}

/**
 * An answer's body: chunks that arrive before a consumer is attached wait (in order) and are
 * handed over on `pipe`. `destroy()` aborts the call when the body has not ended.
 * Back-pressure is soft: a consumer whose `data` returned false may still get the chunk the
 * socket had already read, and calls `resume()` when it can take more.
 */
export class UpstreamBody {
  private sink: BodySink | null = null;
  private waiting: Buffer[] | null = null;
  private state: 'open' | 'ended' | 'failed' = 'open';
  private failure: Error | null = null;

  constructor(private readonly control: CallControl) {}

  /** True once the body has ended, failed or been destroyed. */
  get done(): boolean {
    return this.state !== 'open';
  }

  /** Attach the one consumer; what arrived before goes to it first, synchronously. */
  pipe(sink: BodySink): void {
    if (this.sink !== null) throw new Error('UpstreamBody: a body has one consumer');
    this.sink = sink;
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting !== null) {
      for (const c of waiting) {
        if (this.sink !== sink) return; // destroyed by the consumer meanwhile
        if (!sink.data(c)) this.control.pause();
      }
    }
    if (this.sink !== sink) return;
    if (this.state === 'ended') sink.end();
    else if (this.state === 'failed') sink.error(this.failure!);
  }

  /** The whole body, once it has ended. */
  collect(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.pipe({
        data(c) {
          chunks.push(c);
          size += c.length;
          return true;
        },
        end: () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)),
        error: reject,
      });
    });
  }

  /** After the consumer's `data` returned false, when it can take more. */
  resume(): void {
    this.control.resume();
  }

  /** Stop: abort the call if the body has not ended; the consumer hears nothing more. */
  destroy(): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    this.failure = new AbortedError();
    this.sink = null;
    this.waiting = null;
    this.control.abort(this.failure);
  }

  // from the call's handler

  /** False when the consumer asked to pause. */
  onData(chunk: Buffer): boolean {
    if (this.state !== 'open') return true;
    if (this.sink !== null) return this.sink.data(chunk);
    (this.waiting ??= []).push(chunk);
    return true;
  }

  onEnd(): void {
    if (this.state !== 'open') return;
    this.state = 'ended';
    this.sink?.end();
  }

  onError(err: Error): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    this.failure = err;
    this.sink?.error(err);
  }
}

const EMPTY: Buffer[] = [];

/** The dispatch handler of one call (undici's handler interface: onConnect, onHeaders, onData, then onComplete or onError). */
class CallHandler implements CallControl {
  private abortCall: ((err: Error) => void) | null = null;
  private resumeSocket: (() => void) | null = null;
  private body: UpstreamBody | null = null;
  private paused = false;
  /** The request body when it is written slice by slice under write_timeout. */
  timed: WriteTimedBody | null = null;

  constructor(
    private readonly hook: AbortHook,
    private readonly resolve: (a: UpstreamAnswer) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.resumeSocket?.();
  }

  abort(err: Error): void {
    this.abortCall?.(err);
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.hook.aborted) return void abort(new AbortedError());
    this.abortCall = abort;
    this.hook.listen(() => abort(new AbortedError()));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | null, resume: () => void): boolean {
    if (statusCode < 200) return true; // 1xx: informational, the answer follows
    this.timed?.stop(); // the upstream answered: read_timeout from here
    this.resumeSocket = resume;
    this.body = new UpstreamBody(this);
    this.resolve({ statusCode, headers: util.parseHeaders(rawHeaders ?? EMPTY) as Record<string, string | string[]>, body: this.body });
    return true;
  }

  /** False pauses the socket until resume(). */
  onData(chunk: Buffer): boolean {
    if (!this.body!.onData(chunk)) this.paused = true;
    return !this.paused;
  }

  onComplete(): void {
    this.timed?.stop();
    this.hook.listen(null);
    this.body!.onEnd();
  }

  onError(err: Error): void {
    this.timed?.stop();
    this.hook.listen(null);
    if (this.body === null) this.reject(err);
    else this.body.onError(err);
  }
}

/** Sends the call; resolves with status and headers (the body follows), rejects when it fails before them. */
export function callUpstream(dispatcher: Dispatcher, options: CallOptions, hook: AbortHook): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    if (hook.aborted) return reject(new AbortedError());
    const handler = new CallHandler(hook, resolve, reject);
    const { body, writeTimeout } = options;
    // undici takes the length from content-length (set by the caller) for an iterable body
    if (body !== null && writeTimeout > 0 && body.length >= WATCHED_MIN) handler.timed = new WriteTimedBody(body, writeTimeout, (err) => handler.abort(err));
    dispatcher.dispatch(
      {
        method: options.method as Dispatcher.HttpMethod,
        path: options.path,
        headers: options.headers,
        // undici writes an iterable body (its documented body types) slice by slice; its typings list only Buffer-likes and streams
        body: (handler.timed as unknown as Buffer | null) ?? body,
        headersTimeout: options.headersTimeout,
        bodyTimeout: options.bodyTimeout,
      },
      handler as unknown as Dispatcher.DispatchHandler,
    );
  });
}
