// Why an upstream call failed, in the words the log, the metrics and Kong's status use: the
// cause (ECONNREFUSED, timeout — connect or read —, write_timeout, reset, TLS, invalid_header,
// or the system's own code such as ENOTFOUND), what it means in this call, the status Kong
// answers (504 for a timeout, 502 otherwise), and whether the request can have reached the upstream (nginx's `request_sent`,
// which decides whether a POST may be retried on another target without `non_idempotent`).
export interface UpstreamFailure {
  /** A short stable label (metrics label `cause`). */
  readonly cause: string;
  /** What happened, for people: "connection refused", "no data within read_timeout 60000 ms". */
  readonly detail: string;
  readonly status: 502 | 504;
  /**
   * True when the call failed before the request could be sent: no connection (refused,
   * unreachable, no DNS answer, connect timeout, TLS handshake). Anything later — a reset, a
   * read timeout, an invalid response — may follow a request the upstream received.
   */
  readonly beforeSend: boolean;
}

/** Where the call was when it failed: before the response headers, or reading the body. */
export type UpstreamPhase = 'headers' | 'body';

export interface CallTimeouts {
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly writeTimeoutMs: number;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'ECONNABORTED']);
/** Connection-level codes: the request was never written. */
const NO_CONNECTION = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (typeof e?.code === 'string' && e.code !== '') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return '';
}

/** A timeout: connect_timeout or read_timeout (`timeout`), or write_timeout. */
export function isTimeout(f: Pick<UpstreamFailure, 'cause'>): boolean {
  return f.cause === 'timeout' || f.cause === 'write_timeout';
}

/** Classifies an error thrown by undici while calling (or reading from) an upstream. */
export function classifyUpstreamError(err: unknown, phase: UpstreamPhase, t: CallTimeouts): UpstreamFailure {
  const code = codeOf(err);
  const f = classify(err, code, phase, t);
  return { ...f, beforeSend: phase === 'headers' && (NO_CONNECTION.has(code) || f.cause === 'TLS') };
}

function classify(err: unknown, code: string, phase: UpstreamPhase, t: CallTimeouts): Omit<UpstreamFailure, 'beforeSend'> {
  // undici's HTTPParserError (its code is often unset): the bytes were not an HTTP response (nginx's invalid_header)
  if ((err as { name?: unknown } | null)?.name === 'HTTPParserError' || code.startsWith('HPE_'))
    return { cause: 'invalid_header', detail: phase === 'body' ? 'the response body was not valid HTTP framing' : 'the response head was not valid HTTP', status: 502 };
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { cause: 'timeout', detail: `no connection within connect_timeout ${t.connectTimeoutMs} ms`, status: 504 };
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return { cause: 'timeout', detail: `no response headers within read_timeout ${t.readTimeoutMs} ms`, status: 504 };
  if (code === 'UND_ERR_BODY_TIMEOUT') return { cause: 'timeout', detail: `no data within read_timeout ${t.readTimeoutMs} ms`, status: 504 };
  // write-timeout.ts: the upstream stopped taking the request (its own cause, the `timeout` criterion)
  if (code === 'ERR_UPSTREAM_WRITE_TIMEOUT') return { cause: 'write_timeout', detail: `the upstream took no part of the request within write_timeout ${t.writeTimeoutMs} ms`, status: 504 };
  if (code === 'ETIMEDOUT') return { cause: 'timeout', detail: 'the connection timed out', status: 504 };
  if (code === 'ECONNREFUSED') return { cause: 'ECONNREFUSED', detail: 'connection refused', status: 502 };
  if (RESET_CODES.has(code)) {
    const detail = phase === 'body' ? 'the upstream closed the connection mid-response' : 'the upstream closed the connection without answering';
    return { cause: 'reset', detail, status: 502 };
  }
  if (TLS_CODE.test(code)) return { cause: 'TLS', detail: `TLS handshake failed (${code})`, status: 502 };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { cause: code, detail: 'the upstream host name does not resolve', status: 502 };
  if (code !== '') return { cause: code, detail: 'the call failed', status: 502 };
  return { cause: 'error', detail: 'the call failed', status: 502 };
}
