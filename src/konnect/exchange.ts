// One HTTP request/response through an undici dispatcher, the whole body read as text: what
// KonnectClient.call needs per attempt. It uses undici's dispatch handler directly instead of
// `dispatcher.request()`, which wraps every response in a Readable stream (BodyReadable) and
// reads it back through the stream machinery and an abort-signal adapter: a CPU profile of a
// 400-resource plan showed that per-call cost (bench/terraform-plan.bench.ts; every refresh is
// one GET). Konnect's answers are small JSON documents, so the body is collected in memory
// (bounded by MAX_BODY_BYTES).
import type { Dispatcher } from 'undici';

export interface ExchangeRequest {
  readonly origin: string;
  readonly path: string;
  readonly method: Dispatcher.HttpMethod;
  readonly headers: Record<string, string>;
  readonly body: string | null;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
}

export interface ExchangeResponse {
  readonly statusCode: number;
  /** Lower-case names; a repeated header is an array. */
  readonly headers: Record<string, string | string[]>;
  readonly text: string;
}

/** Konnect's largest answers (a page of 1000 entities) are a few MB; anything far above is not Konnect. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  readonly code = 'KONNECT_RESPONSE_TOO_LARGE';
  constructor() {
    super(`the response body is larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/** The abort reason when `signal` fires; the caller looks at its own signal to tell why. */
class ExchangeAbortedError extends Error {
  constructor() {
    super('request aborted');
    this.name = 'AbortError';
  }
}

function parseRawHeaders(raw: readonly Buffer[] | null): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!raw) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

/** undici's (legacy, still supported) handler interface: onConnect, onHeaders, onData, then onComplete or onError. */
class ExchangeHandler {
  private abortCall: ((err: Error) => void) | undefined;
  private statusCode = 0;
  private headers: Record<string, string | string[]> = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private done = false;
  private readonly onAbort = () => this.abortCall?.(new ExchangeAbortedError());

  constructor(
    private readonly signal: AbortSignal,
    private readonly resolve: (r: ExchangeResponse) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  onConnect(abort: (err: Error) => void): void {
    this.abortCall = abort;
    if (this.signal.aborted) abort(new ExchangeAbortedError());
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | null): boolean {
    if (statusCode < 200) return true; // 1xx: informational, the answer follows
    this.statusCode = statusCode;
    this.headers = parseRawHeaders(rawHeaders);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > MAX_BODY_BYTES) {
      this.abortCall?.(new ResponseTooLargeError());
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.finish()) return;
    const text = this.chunks.length === 1 ? this.chunks[0]!.toString('utf8') : Buffer.concat(this.chunks, this.size).toString('utf8');
    this.resolve({ statusCode: this.statusCode, headers: this.headers, text });
  }

  onError(err: Error): void {
    if (this.finish()) return;
    this.reject(err);
  }

  onUpgrade(): void {
    this.onError(new Error('unexpected protocol upgrade'));
  }

  /** True when the exchange had already ended. */
  private finish(): boolean {
    if (this.done) return true;
    this.done = true;
    this.signal.removeEventListener('abort', this.onAbort);
    return false;
  }
}

/**
 * Sends one request; resolves with the status, headers and body text, rejects with undici's error
 * (timeouts, connection failures: their codes are what the client's retry policy reads) or, when
 * `signal` aborts, an AbortError.
 */
export function exchange(dispatcher: Dispatcher, request: ExchangeRequest, signal: AbortSignal): Promise<ExchangeResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ExchangeAbortedError());
    const handler = new ExchangeHandler(signal, resolve, reject);
    try {
      dispatcher.dispatch(request, handler as unknown as Dispatcher.DispatchHandler);
    } catch (err) {
      handler.onError(err as Error);
    }
  });
}
