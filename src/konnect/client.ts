// KonnectClient: one HTTP call to Konnect with timeouts, retries with backoff within a time budget, Retry-After,
// cancellation (per call and for everything in flight: StopProvider), typed errors and a logging
// hook. Entity APIs (control-planes.ts, services.ts, …) are thin functions over `call`.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { authorizationHeader, type Credentials } from './auth.js';
import { defaultPoolOptions, sharedDispatcher } from './dispatcher.js';
import { parseErrorBody } from './error-body.js';
import { exchange, type ExchangeResponse } from './exchange.js';
import {
  errorForStatus,
  KonnectBadResponseError,
  KonnectCancelledError,
  KonnectError,
  KonnectTimeoutError,
  KonnectUnreachableError,
} from './errors.js';
import type { HttpLogEvent } from './log-event.js';
import { backoffDelay, defaultRetryPolicy, isRetryableNetworkError, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.js';
import { defaultUserAgent } from './user-agent.js';

export interface KonnectClientOptions {
  /** e.g. https://global.api.konghq.com (a base path is kept: https://host/prefix). */
  readonly serverUrl: string;
  readonly credentials?: Credentials;
  readonly userAgent?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Time to the response headers, and between body chunks, per attempt. */
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  /** Defaults to the process-wide keep-alive pool. */
  readonly dispatcher?: Dispatcher;
  /** Called once per attempt; never given a header or a body. */
  readonly onLog?: (event: HttpLogEvent) => void;
  /** Injected randomness for the jitter (tests). */
  readonly random?: () => number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CallOptions {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /** Statuses that count as success (e.g. [201] for create, [204, 404] for delete). */
  readonly expect: readonly number[];
  readonly signal?: AbortSignal;
  /** Accept header; core entities take JSON, control planes JSON or problem+json. */
  readonly accept?: string;
  /**
   * A POST whose replay cannot make a second object (it carries a unique key, so a replay of a
   * create that had landed answers a conflict): retried after a 5xx or a broken connection too.
   */
  readonly replaySafe?: boolean;
}

export interface CallResult<T> {
  readonly status: number;
  /** Parsed JSON body; undefined for an empty body (204). */
  readonly body: T | undefined;
  readonly requestId: string | undefined;
}

class Deadline extends Error {}

export class KonnectClient {
  readonly baseUrl: URL;
  private readonly policy: RetryPolicy;
  private pool: Dispatcher | undefined;
  private readonly userAgent: string;
  private stopController = new AbortController();

  constructor(private readonly options: KonnectClientOptions) {
    let url: URL;
    try {
      url = new URL(options.serverUrl);
    } catch {
      throw new TypeError(`server_url ${JSON.stringify(options.serverUrl)} is not a URL; set it to e.g. https://global.api.konghq.com`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`server_url must start with https:// or http://, got ${JSON.stringify(url.protocol)}`);
    }
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    this.baseUrl = url;
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.userAgent = options.userAgent ?? defaultUserAgent();
  }

  /** The pool, looked up at the first call: a client made by ConfigureProvider loads undici only when it calls Konnect. */
  private get dispatcher(): Dispatcher {
    this.pool ??= this.options.dispatcher ?? sharedDispatcher(defaultPoolOptions, this.baseUrl.protocol === 'https:');
    return this.pool;
  }

  /** Abort every call in flight (and its retry waits); later calls work again. */
  cancelAll(): void {
    const old = this.stopController;
    this.stopController = new AbortController();
    old.abort(new Error('stopped'));
  }

  async call<T>(method: HttpMethod, path: string, opts: CallOptions): Promise<CallResult<T>> {
    const target = this.target(path, opts.query);
    const started = performance.now();
    const budgetMs = this.policy.maxElapsedMs;
    // One controller for the call, aborted by the deadline, cancelAll or the caller's signal; the
    // listeners go in `finally`. (AbortSignal.any made two more signals a call, and Node 20 keeps
    // each in a weak set: it showed in profiles of a 400-resource plan.)
    const combined = new AbortController();
    const signal = combined.signal;
    let deadlineHit = false;
    const deadlineTimer = setTimeout(() => {
      deadlineHit = true;
      combined.abort(new Deadline());
    }, budgetMs);
    deadlineTimer.unref();
    const stop = this.stopController.signal;
    const onAbort = () => combined.abort();
    for (const s of [stop, opts.signal]) {
      if (!s) continue;
      if (s.aborted) combined.abort();
      else s.addEventListener('abort', onAbort, { once: true });
    }
    const replaySafe = opts.replaySafe === true;
    const elapsed = () => Math.round(performance.now() - started);
    const ctx = (attempt: number, outOfBudget = false) => ({
      method,
      path: target.logPath,
      attempts: attempt,
      elapsedMs: elapsed(),
      ...(outOfBudget ? { budgetMs } : {}),
    });
    const aborted = (attempt: number): KonnectError =>
      deadlineHit && !stop.aborted && !opts.signal?.aborted
        ? new KonnectTimeoutError({ ...ctx(attempt, true), reason: 'no answer within the retry budget' })
        : new KonnectCancelledError(ctx(attempt));

    try {
      for (let attempt = 1; ; attempt++) {
        const t0 = performance.now();
        let res: ExchangeResponse;
        try {
          res = await exchange(
            this.dispatcher,
            {
              origin: this.baseUrl.origin,
              path: target.path,
              method,
              headers: this.headers(opts),
              body: opts.body === undefined ? null : JSON.stringify(opts.body),
              headersTimeout: this.options.headersTimeoutMs ?? 30_000,
              bodyTimeout: this.options.bodyTimeoutMs ?? 30_000,
            },
            signal,
          );
        } catch (err) {
          const ms = performance.now() - t0;
          if (signal.aborted) {
            const e = aborted(attempt);
            this.log({ method, path: target.logPath, attempt, ms, outcome: 'error', errorCode: e.code });
            throw e;
          }
          const code = networkCode(err);
          const retryable = isRetryableNetworkError(code, method, replaySafe);
          const delay = backoffDelay(this.policy, attempt, undefined, this.options.random);
          const next = retryable ? this.nextAttempt(attempt, started, delay) : 'no';
          if (next === 'yes') {
            this.log({ method, path: target.logPath, attempt, ms, outcome: 'retry', errorCode: code, retryInMs: delay });
            await this.wait(delay, signal, attempt, aborted);
            continue;
          }
          const e = transportError(err, code, ctx(attempt, next === 'budget'), this.baseUrl);
          this.log({ method, path: target.logPath, attempt, ms, outcome: 'error', errorCode: e.code });
          throw e;
        }

        const ms = performance.now() - t0;
        const text = res.text;
        const body = res.statusCode >= 400 ? parseErrorBody(this.scrub(text)) : undefined;
        const requestId = headerValue(res.headers['x-kong-request-id']) ?? headerValue(res.headers['x-request-id']) ?? body?.instance;
        const base = { method, path: target.logPath, attempt, ms, status: res.statusCode, ...(requestId ? { requestId } : {}) };

        if (opts.expect.includes(res.statusCode)) {
          const parsed = parseSuccess<T>(text, res.headers['content-type'], { ...ctx(attempt), status: res.statusCode, ...(requestId ? { requestId } : {}) });
          this.log({ ...base, outcome: 'ok' });
          return { status: res.statusCode, body: parsed, requestId };
        }
        let outOfBudget = false;
        if (isRetryableStatus(res.statusCode, method, replaySafe)) {
          const retryAfter = parseRetryAfter(res.headers['retry-after']);
          const delay = backoffDelay(this.policy, attempt, retryAfter, this.options.random);
          const next = this.nextAttempt(attempt, started, delay);
          if (next === 'yes') {
            this.log({ ...base, outcome: 'retry', retryInMs: delay });
            await this.wait(delay, signal, attempt, aborted);
            continue;
          }
          outOfBudget = next === 'budget';
        }
        const errCtx = { ...ctx(attempt, outOfBudget), status: res.statusCode, ...(requestId ? { requestId } : {}), ...(body ? { body } : {}) };
        const e = errorForStatus(errCtx);
        this.log({ ...base, outcome: 'error', errorCode: e.code });
        throw e;
      }
    } finally {
      clearTimeout(deadlineTimer);
      stop.removeEventListener('abort', onAbort);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Whether another attempt follows after `delay`: yes, no (attempts used up), or budget (time used up). */
  private nextAttempt(attempt: number, started: number, delay: number): 'yes' | 'no' | 'budget' {
    if (attempt >= this.policy.maxAttempts) return 'no';
    return performance.now() - started + delay < this.policy.maxElapsedMs ? 'yes' : 'budget';
  }

  /** A server that echoes the token back in an error body must not put it into our messages. */
  private scrub(text: string): string {
    const token = this.options.credentials?.token;
    return token && token.length >= 4 ? text.replaceAll(token, '(sensitive)') : text;
  }

  private async wait(ms: number, signal: AbortSignal, attempt: number, aborted: (a: number) => KonnectError): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw aborted(attempt);
    }
  }

  private headers(opts: CallOptions): Record<string, string> {
    const h: Record<string, string> = { 'user-agent': this.userAgent, accept: opts.accept ?? 'application/json' };
    if (opts.body !== undefined) h['content-type'] = 'application/json';
    if (this.options.credentials) h.authorization = authorizationHeader(this.options.credentials.token);
    return h;
  }

  private target(path: string, query: CallOptions['query']): { path: string; logPath: string } {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    const logPath = qs ? `${path}?${qs}` : path;
    const prefix = this.baseUrl.pathname.replace(/\/+$/, '');
    return { path: `${prefix}${logPath}`, logPath };
  }

  private log(event: HttpLogEvent): void {
    try {
      this.options.onLog?.(event);
    } catch {
      // a logging hook must never break a call
    }
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function networkCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e.code === 'string' && e.code !== 'UND_ERR_SOCKET') return e.code;
  if (typeof e.cause?.code === 'string') return e.cause.code;
  return typeof e.code === 'string' ? e.code : undefined;
}

function transportError(err: unknown, code: string | undefined, ctx: { method: string; path: string; attempts: number; elapsedMs: number; budgetMs?: number }, base: URL): KonnectError {
  const message = err instanceof Error ? err.message : String(err);
  const reason = code && !message.includes(code) ? `${code}: ${message}` : message;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new KonnectTimeoutError({ ...ctx, reason, cause: err });
  }
  const hint = code && TLS_TRUST_CODES.has(code) ? TLS_TRUST_HINT : '';
  return new KonnectUnreachableError({ ...ctx, url: base.origin + base.pathname.replace(/\/+$/, ''), reason: reason + hint, cause: err });
}

/** OpenSSL's "this certificate is not trusted here" codes (a private CA, a TLS-inspecting proxy). */
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_UNTRUSTED',
]);
const TLS_TRUST_HINT =
  '; the server certificate is not trusted: if your network uses its own CA (e.g. a TLS-inspecting proxy), ' +
  'set SSL_CERT_FILE to a PEM bundle holding it (or SSL_CERT_DIR to a directory of PEM files)';

function parseSuccess<T>(text: string, contentType: string | string[] | undefined, ctx: { method: string; path: string; status: number; attempts: number }): T | undefined {
  if (text.trim() === '') return undefined;
  const ct = headerValue(contentType) ?? '';
  if (!/\bjson\b/i.test(ct)) {
    throw new KonnectBadResponseError({ ...ctx, reason: `content type ${JSON.stringify(ct)} is not JSON` });
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new KonnectBadResponseError({ ...ctx, reason: 'the body is not valid JSON' });
  }
}
