// What the client tells its logging hook about each attempt. By construction it holds no header
// and no body: only the request line, the outcome and timings.
import type { KonnectErrorCode } from './errors.js';

export interface HttpLogEvent {
  readonly method: string;
  /** API path with query string, without the server URL's base path. */
  readonly path: string;
  readonly attempt: number;
  readonly ms: number;
  readonly status?: number;
  readonly requestId?: string;
  /** ok: expected status; retry: another attempt follows after retryInMs; error: the call failed. */
  readonly outcome: 'ok' | 'retry' | 'error';
  /** The KonnectError code, or the network error code on a retried transport failure. */
  readonly errorCode?: KonnectErrorCode | string;
  readonly retryInMs?: number;
}
