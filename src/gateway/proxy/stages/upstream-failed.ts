// A failed upstream call, from the moment it is seen to its one log line: `recordFailure`
// classifies the error and keeps it on the context (analytics counts it), `cutResponse` ends a
// response that had already started the way nginx does — the connection closes without the
// terminating chunk, so no client can take a cut-off answer for a complete one — and
// `logFailure` writes the line: route, method and URL (no credentials), cause, latency, outcome.
import type { ServerResponse } from 'node:http';
import { classifyUpstreamError, displayUrl, type UpstreamFailure, type UpstreamPhase } from '../../upstream/index.js';
import type { ProxyContext } from '../context.js';

/** Classifies `err` and records it on the context; null when the client left (not an upstream failure). */
export function recordFailure(ctx: ProxyContext, err: unknown, phase: UpstreamPhase, cut: string | null = null): UpstreamFailure | null {
  if (ctx.abort.aborted) return null;
  const up = ctx.upstream!;
  const failure = classifyUpstreamError(err, phase, up);
  ctx.upstreamFailure = { ...failure, atNs: process.hrtime.bigint(), cut };
  ctx.status = failure.status;
  return failure;
}

/** How long a cut connection may take to flush its last bytes before it is destroyed. */
const FLUSH_GRACE_MS = 10_000;

/**
 * Ends a started response without its terminating chunk: `last` (e.g. an error event) is
 * written, the socket is half-closed once what is queued has gone out, and destroyed if the
 * client does not read it. curl reports "transfer closed with outstanding read data remaining"
 * (exit 18); node:http emits 'aborted' and the response never completes.
 */
export function cutResponse(res: ServerResponse, last?: string): void {
  const socket = res.socket;
  if (res.destroyed || socket === null || socket.destroyed) return;
  if (last !== undefined && last !== '') res.write(last);
  const timer = setTimeout(() => socket.destroy(), FLUSH_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('finish', () => socket.destroy()); // everything, FIN included, has gone out
  socket.end();
}

export type FailureLog = (message: string) => void;

/** The one line per failed upstream call (nothing when the call did not fail). */
export function logFailure(ctx: ProxyContext, log: FailureLog): void {
  const f = ctx.upstreamFailure;
  const up = ctx.upstream;
  if (f === null || up === null || f.logged === true) return;
  const route = ctx.match?.route.name ?? ctx.match?.route.id ?? '?';
  const ms = Number((f.atNs - ctx.upstreamStartNs) / 1_000_000n);
  const outcome = f.cut ?? `answered ${f.status}`;
  log(
    `upstream call failed: route '${route}', ${ctx.method} ${displayUrl(up.origin, up.path)}: ${f.cause} (${f.detail}) after ${ms} ms; ${outcome} (request ${ctx.requestId})`,
  );
}
