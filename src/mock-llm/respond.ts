// Writing answers: whole replies (JSON, text or bytes) and streams written frame by frame as
// they are generated, with the per-token delay, honouring the stall / cut-mid-stream /
// stream-error faults, and keeping the request record's state and event count up to date.
import type { ServerResponse } from 'node:http';
import { constants as h2 } from 'node:http2';
import type { Ctx, Reply } from './vendor.js';

function encode(body: unknown): { bytes: Buffer; json: boolean } {
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8'), json: false };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body), json: false };
  return { bytes: Buffer.from(JSON.stringify(body), 'utf8'), json: true };
}

/**
 * Ends a response abnormally, as a dying upstream does: the connection is destroyed (HTTP/1.1),
 * or the stream reset with INTERNAL_ERROR (HTTP/2; a plain destroy resets with CANCEL, which
 * a client may take for its own cancellation).
 */
export function cut(res: ServerResponse): void {
  const stream = (res as unknown as { stream?: { close(code: number): void } }).stream;
  if (stream) stream.close(h2.NGHTTP2_INTERNAL_ERROR);
  else res.destroy();
}

/** Writes a whole reply (no fault handling: errors and control answers). */
export function send(res: ServerResponse, reply: Reply): void {
  const { bytes, json } = encode(reply.body);
  const headers: Record<string, string | number> = { ...(json ? { 'content-type': 'application/json' } : {}), ...reply.headers, 'content-length': bytes.length };
  res.writeHead(reply.status, headers);
  res.end(bytes);
}

/** A vendor's successful non-streamed answer, unless the request's fault says to stall or cut it. */
export function answerWith(ctx: Ctx, reply: Reply): void {
  ctx.record.status = reply.status;
  const fault = ctx.fault?.kind;
  if (fault === 'stall') return; // the client's own timeout ends it (the record turns "aborted")
  if (fault !== 'cut-mid-stream') return send(ctx.res, reply);
  const { bytes, json } = encode(reply.body);
  ctx.res.writeHead(reply.status, { ...(json ? { 'content-type': 'application/json' } : {}), ...reply.headers, 'content-length': bytes.length });
  ctx.res.write(bytes.subarray(0, bytes.length >> 1), () => cut(ctx.res));
}

export interface Frame {
  readonly data: string | Uint8Array;
  /** Carries generated text: the per-token delay is waited before it. */
  readonly token?: boolean;
}

export interface StreamSpec {
  readonly headers: Readonly<Record<string, string>>;
  /** Generated lazily, one frame per write. */
  readonly frames: Iterable<Frame>;
  /** The vendor's in-stream error frame (the stream-error fault); without one the stream is cut instead. */
  readonly errorFrame?: () => Frame;
}

const FAULT_AFTER = 2;

/** Streams frames one write each; the first is on the wire before the last is generated. */
export function stream(ctx: Ctx, spec: StreamSpec): void {
  const { res, record } = ctx;
  const it = spec.frames[Symbol.iterator]();
  const fault = ctx.fault?.kind;
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  const finish = (state: 'completed' | 'aborted'): void => {
    if (done) return;
    done = true;
    if (timer) clearTimeout(timer);
    record.state = state;
    record.endedAt = Date.now();
  };
  // Closed before the last frame was written: the client went away (HTTP/2's compatibility
  // response reports writableFinished after a reset too, so it is not asked).
  res.on('close', () => finish('aborted'));
  const write = (frame: Frame): void => {
    res.write(frame.data);
    record.eventsSent++;
  };
  let pending: IteratorResult<Frame> = it.next();
  // Runs from a timer: a throw here would be uncaught, so it ends the stream instead.
  const step = (): void => {
    try {
      unsafeStep();
    } catch (err) {
      process.stderr.write(`mock-llm: stream of ${ctx.vendor} failed: ${(err as Error).message}\n`);
      finish('aborted');
      cut(res);
    }
  };
  const unsafeStep = (): void => {
    timer = undefined;
    if (done) return;
    if (pending.done) {
      finish('completed');
      res.end();
      return;
    }
    if (record.eventsSent === FAULT_AFTER && (fault === 'cut-mid-stream' || (fault === 'stream-error' && !spec.errorFrame))) {
      finish('aborted');
      cut(res);
      return;
    }
    if (record.eventsSent === FAULT_AFTER && fault === 'stream-error') {
      write(spec.errorFrame!());
      finish('completed');
      res.end();
      return;
    }
    if (record.eventsSent === 1 && fault === 'stall') return; // hold the connection open, silent
    write(pending.value);
    pending = it.next();
    schedule();
  };
  const schedule = (): void => {
    if (!pending.done && pending.value.token && ctx.tokenDelayMs > 0) timer = setTimeout(step, ctx.tokenDelayMs);
    else setImmediate(step);
  };
  record.status = 200;
  res.writeHead(200, { 'cache-control': 'no-cache', ...spec.headers });
  res.flushHeaders();
  schedule();
}

// SSE and NDJSON frames are one line of formatting each, written by hand: a library would add
// nothing but a dependency (the SDKs' parsers, in the tests, are the check).
/** An SSE frame: optional `event:` line, then `data:`. */
export function sse(data: unknown, event?: string, token = false): Frame {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return { data: `${event !== undefined ? `event: ${event}\n` : ''}data: ${text}\n\n`, token };
}

/** A newline-delimited JSON frame. */
export function ndjson(data: unknown, token = false): Frame {
  return { data: `${JSON.stringify(data)}\n`, token };
}
