// The one policy for thrown errors, in every layer (the framework's guard, the bridge's
// handlers, the logger):
//  - a *safe* error — one whose message was written for the user from known-safe parts and never
//    quotes a token, a header value or request data — is shown: its message goes into the
//    diagnostic and the log. Safe errors extend SafeError (or carry its brand): KonnectError,
//    AttributePathError.
//  - anything else is a bug whose message may quote anything (a TypeError naming a value, a
//    library error echoing input): it is reported as an internal error with a correlation id,
//    and logged with that id, its type and its stack's code locations — never its message.
import { randomBytes } from 'node:crypto';
import type { AttributePath } from './attribute-path.js';
import type { Diagnostic } from './diagnostics.js';

/** The brand, by Symbol.for so that it holds across duplicate copies of this module (bundles). */
const SAFE = Symbol.for('konnect-tf-ts.SafeError');

/** Base class of errors whose message is safe to show and log (see above). */
export class SafeError extends Error {
  readonly [SAFE] = true;
}

export function isSafeError(err: unknown): err is SafeError {
  return err instanceof Error && (err as unknown as Record<symbol, unknown>)[SAFE] === true;
}

/** Code locations of an error's stack ("at fn (file:line:col)"), without the message lines. */
export function stackFrames(err: unknown, max = 8): string[] {
  if (!(err instanceof Error) || typeof err.stack !== 'string') return [];
  return err.stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, max)
    .map((l) => l.trim());
}

const typeOf = (err: unknown): string => (err instanceof Error ? err.name : typeof err);

export interface ThrownReport {
  /** What the user sees. */
  readonly diagnostic: Diagnostic;
  /** What the log line carries (no message unless the error is safe). */
  readonly logFields: Record<string, unknown>;
}

/**
 * The diagnostic and log fields for an error thrown while handling `where` (e.g. "ApplyResourceChange
 * for konnect_gateway_service"). `summary` heads a safe error's diagnostic.
 */
export function reportThrown(err: unknown, where: string, summary: string): ThrownReport {
  if (isSafeError(err)) {
    const path = (err as { path?: unknown }).path as AttributePath | undefined;
    const reason = (err as { reason?: unknown }).reason;
    const withPath = path !== undefined && typeof reason === 'string' && typeof path.toString === 'function' && !path.isRoot;
    return {
      diagnostic: withPath ? { severity: 'error', summary, detail: reason, path } : { severity: 'error', summary, detail: err.message },
      logFields: { error_type: err.name, error: err.message },
    };
  }
  const id = randomBytes(6).toString('hex');
  return {
    diagnostic: {
      severity: 'error',
      summary: 'Internal error in the provider',
      detail:
        `The provider failed unexpectedly while handling ${where} (${typeOf(err)}, error id ${id}). This is a bug in the ` +
        'provider, not in your configuration. Run again with TF_LOG_PROVIDER=DEBUG to record where it happened ' +
        `(the log line with error_id=${id}), and report it.`,
    },
    logFields: { error_type: typeOf(err), error_id: id, stack: stackFrames(err) },
  };
}

/**
 * One line for a log that is not the provider's (the gateway, the Admin API): a safe error's
 * message, or for anything else its type and where it was thrown, never its message (it may
 * quote request data or an upstream credential).
 */
export function describeThrown(err: unknown): string {
  if (isSafeError(err)) return err.message;
  const at = stackFrames(err, 1)[0];
  return `${typeOf(err)}, message withheld${at ? `, ${at}` : ''}`;
}
