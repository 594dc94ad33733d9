// Typed Konnect errors: one class per failure, each with a stable `code`, the HTTP status (when
// there was a response), method, path, Konnect's request id and the parsed error body. Messages
// are built only from those fields and Konnect's own error text — never from a request header,
// a token or a request body value.
import { SafeError } from '../common/index.js';
import type { KonnectErrorBody, InvalidParameter } from './error-body.js';

export type KonnectErrorCode =
  | 'KONNECT_ERR_AUTH'
  | 'KONNECT_ERR_FORBIDDEN'
  | 'KONNECT_ERR_NOT_FOUND'
  | 'KONNECT_ERR_CONFLICT'
  | 'KONNECT_ERR_VALIDATION'
  | 'KONNECT_ERR_RATE_LIMITED'
  | 'KONNECT_ERR_SERVER'
  | 'KONNECT_ERR_UNREACHABLE'
  | 'KONNECT_ERR_TIMEOUT'
  | 'KONNECT_ERR_CANCELLED'
  | 'KONNECT_ERR_BAD_RESPONSE';

/** Everything an error knows about the call that failed. */
export interface KonnectErrorContext {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly body?: KonnectErrorBody;
  /** How many attempts were made (retries included). */
  readonly attempts?: number;
  /** How long the call took, retry waits included. */
  readonly elapsedMs?: number;
  /** Set when the retry time budget (this many ms) is what ended the retries. */
  readonly budgetMs?: number;
  /** For transport failures: the network error's own code and message (no secrets in them). */
  readonly cause?: unknown;
}

const BRAND = Symbol.for('konnect-tf-ts.KonnectError');

/** Safe to show (common/thrown.ts): messages are built from the fields above, never from request data. */
export class KonnectError extends SafeError {
  readonly code: KonnectErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly body: KonnectErrorBody | undefined;
  readonly attempts: number;
  readonly elapsedMs: number | undefined;
  /** The retry budget, when running out of it is why the call failed. */
  readonly budgetMs: number | undefined;

  constructor(code: KonnectErrorCode, summary: string, ctx: KonnectErrorContext) {
    super(composeMessage(summary, ctx), ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.name = 'KonnectError';
    this.code = code;
    this.method = ctx.method;
    this.path = ctx.path;
    this.status = ctx.status;
    this.requestId = ctx.requestId;
    this.body = ctx.body;
    this.attempts = ctx.attempts ?? 1;
    this.elapsedMs = ctx.elapsedMs;
    this.budgetMs = ctx.budgetMs;
  }

  /** Works across duplicate copies of this module (bundles), like undici's Symbol.for brands. */
  static is(err: unknown): err is KonnectError {
    return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The fields Konnect named as invalid (problem+json invalid_parameters or Kong `details[].field`). */
  get invalidParameters(): readonly InvalidParameter[] {
    return this.body?.invalidParameters ?? [];
  }

  /** Konnect's own explanation (problem+json `detail`, Kong `message`), if any. */
  get detail(): string | undefined {
    return this.body?.detail;
  }
}
Object.defineProperty(KonnectError.prototype, BRAND, { value: true });

function composeMessage(summary: string, ctx: KonnectErrorContext): string {
  const where = `${ctx.method} ${ctx.path}`;
  const status = ctx.status === undefined ? '' : ` (HTTP ${ctx.status})`;
  const parts = [`${summary}: ${where}${status}`];
  if (ctx.body?.detail) parts.push(ctx.body.detail);
  for (const p of ctx.body?.invalidParameters ?? []) parts.push(`${p.field}: ${p.reason}`);
  if (ctx.requestId) parts.push(`request id ${ctx.requestId}`);
  const attempts = ctx.attempts ?? 1;
  if (attempts > 1 || ctx.budgetMs !== undefined) {
    const took = ctx.elapsedMs === undefined ? '' : ` in ${seconds(ctx.elapsedMs)}`;
    const budget = ctx.budgetMs === undefined ? '' : ` (retry budget ${seconds(ctx.budgetMs)})`;
    parts.push(`after ${attempts} attempt${attempts === 1 ? '' : 's'}${took}${budget}`);
  }
  return parts.join('; ');
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export class KonnectAuthError extends KonnectError {
  constructor(ctx: KonnectErrorContext) {
    super('KONNECT_ERR_AUTH', 'Konnect rejected the token', ctx);
    this.name = 'KonnectAuthError';
  }
}
export class KonnectForbiddenError extends KonnectError {
  constructor(ctx: KonnectErrorContext) {
    super('KONNECT_ERR_FORBIDDEN', 'the token is not allowed to do this', ctx);
    this.name = 'KonnectForbiddenError';
  }
}
export class KonnectNotFoundError extends KonnectError {
  constructor(ctx: KonnectErrorContext) {
    super('KONNECT_ERR_NOT_FOUND', 'not found in Konnect', ctx);
    this.name = 'KonnectNotFoundError';
  }
}
export class KonnectConflictError extends KonnectError {
  constructor(ctx: KonnectErrorContext) {
    super('KONNECT_ERR_CONFLICT', 'already exists in Konnect', ctx);
    this.name = 'KonnectConflictError';
  }
}
export class KonnectValidationError extends KonnectError {
  constructor(ctx: KonnectErrorContext) {
    super('KONNECT_ERR_VALIDATION', 'Konnect rejected the request', ctx);
    this.name = 'KonnectValidationError';
  }
}
export class KonnectRateLimitedError extends KonnectError {
  constructor(ctx: KonnectErrorContext) {
    super('KONNECT_ERR_RATE_LIMITED', 'Konnect kept rate-limiting the request', ctx);
    this.name = 'KonnectRateLimitedError';
  }
}
export class KonnectServerError extends KonnectError {
  constructor(ctx: KonnectErrorContext) {
    super('KONNECT_ERR_SERVER', 'Konnect failed with a server error', ctx);
    this.name = 'KonnectServerError';
  }
}
export class KonnectUnreachableError extends KonnectError {
  constructor(ctx: KonnectErrorContext & { readonly url: string; readonly reason: string }) {
    super('KONNECT_ERR_UNREACHABLE', `could not reach Konnect at ${ctx.url} (${ctx.reason})`, ctx);
    this.name = 'KonnectUnreachableError';
  }
}
export class KonnectTimeoutError extends KonnectError {
  constructor(ctx: KonnectErrorContext & { readonly reason: string }) {
    super('KONNECT_ERR_TIMEOUT', `Konnect did not answer in time (${ctx.reason})`, ctx);
    this.name = 'KonnectTimeoutError';
  }
}
export class KonnectCancelledError extends KonnectError {
  constructor(ctx: KonnectErrorContext) {
    super('KONNECT_ERR_CANCELLED', 'the request was cancelled (Terraform is stopping)', ctx);
    this.name = 'KonnectCancelledError';
  }
}
export class KonnectBadResponseError extends KonnectError {
  constructor(ctx: KonnectErrorContext & { readonly reason: string }) {
    super('KONNECT_ERR_BAD_RESPONSE', `Konnect sent an unexpected response (${ctx.reason})`, ctx);
    this.name = 'KonnectBadResponseError';
  }
}

/** The error for an HTTP error status once retries are over (or not applicable). */
export function errorForStatus(ctx: KonnectErrorContext & { readonly status: number }): KonnectError {
  const s = ctx.status;
  if (s === 401) return new KonnectAuthError(ctx);
  if (s === 403) return new KonnectForbiddenError(ctx);
  if (s === 404) return new KonnectNotFoundError(ctx);
  if (s === 409 || (s === 400 && ctx.body?.uniqueViolation)) return new KonnectConflictError(ctx);
  if (s === 429) return new KonnectRateLimitedError(ctx);
  if (s >= 500) return new KonnectServerError(ctx);
  if (s >= 400) return new KonnectValidationError(ctx);
  return new KonnectBadResponseError({ ...ctx, reason: `status ${s} was not expected` });
}
