// Stage (streams, 200 only): decode the upstream's stream with the framing its driver names
// (SSE, NDJSON, AWS eventstream), hand each event to the translator and write what comes back
// at once — nothing is held back. Passthrough (native, preserve): the upstream bytes themselves,
// usage read on the way. OpenAI format: each chunk completed by the OpenAI stream writer (id,
// created, model), a finish chunk and a usage chunk added when missing, then `data: [DONE]`.
// An upstream that dies or goes silent past read_timeout mid-stream is a failed call: the
// client's connection is cut without the terminating chunk (as nginx does) — OpenAI format first
// gets an error event, never [DONE] — so a cut-off answer cannot pass for a complete one; an
// error the upstream reports in the stream (a translator's `failed` step) ends it the same way,
// without [DONE]. A client that leaves aborts the upstream.
// The response headers go out with the first event, in one write, or on their own after
// HEADERS_ALONE_MS when no event has come by then (flushing them at once cost a separate
// socket write per stream: ~8% of the gateway's CPU per stream in `node --cpu-prof` at 32
// concurrent streams); that timer is only set when no event came with the upstream's headers.
// A stream cut before its first event still gets its 200 headers first.
// `deferHeaders` (ai-proxy-advanced): the client's headers go out only with the first bytes, so
// a failure before them leaves the client untouched and the try can fail over ('early-failure').
import { createDecoder, openAiIdentity, OpenAiStreamWriter } from '../../drivers/index.js';
import type { UpstreamFailure } from '../../upstream/index.js';
import type { ProxyContext } from '../context.js';
import { countedUsage } from '../usage.js';
import { proxiedHeaders } from './response-headers.js';
import { ChunkWriter } from './chunk-writer.js';
import { resumeOnDrain } from './resume-on-drain.js';
import { cutResponse, recordFailure } from './upstream-failed.js';

/** How long the headers wait for the first event before they are sent on their own. */
export const HEADERS_ALONE_MS = 50;

/** How a relayed stream ended. */
export type StreamOutcome =
  | { readonly kind: 'complete' }
  | { readonly kind: 'client-left' }
  /** Only with deferHeaders: the stream failed before any byte reached the client (recorded on the context). */
  | { readonly kind: 'early-failure'; readonly failure: UpstreamFailure }
  /** The upstream died or stalled after the first bytes: the client's response was cut, an error event last. */
  | { readonly kind: 'cut'; readonly failure: UpstreamFailure }
  /** The upstream reported an error in its stream, passed on as the last event. */
  | { readonly kind: 'upstream-error' };

const COMPLETE: StreamOutcome = { kind: 'complete' };
const CLIENT_LEFT: StreamOutcome = { kind: 'client-left' };
const UPSTREAM_ERROR: StreamOutcome = { kind: 'upstream-error' };
/** An error event as the stream's first event: nothing was relayed yet. */
const FAILED_FIRST: UpstreamFailure = { cause: 'stream_error', detail: 'the upstream reported an error as its first stream event', status: 502, beforeSend: false };

export function relayStream(ctx: ProxyContext, deferHeaders = false): Promise<StreamOutcome> {
  const ai = ctx.ai!;
  const t = ai.plan!.translator;
  const { res } = ctx;
  const body = ctx.response!.body;
  const headers = proxiedHeaders(ctx);
  delete headers['content-length'];
  headers['content-type'] = 'text/event-stream';
  /** writeHead called (headers may still be buffered until the first write). */
  let started = false;
  let headersOut = false;
  let headersTimer: NodeJS.Timeout | undefined;
  const sendHeaders = (): void => {
    if (headersOut || !started) return;
    headersOut = true;
    clearTimeout(headersTimer);
    if (!res.destroyed) res.flushHeaders();
    nodeWrote = true;
  };
  if (!deferHeaders) {
    res.writeHead(200, headers);
    started = true;
  }
  const decoder = createDecoder(t.framing);
  const translation = t.startStream?.() ?? t;
  const writer = t.passthrough ? null : new OpenAiStreamWriter(openAiIdentity(ctx.requestId, ctx.requestModel ?? '', ai.routeType !== 'llm/v1/completions'), includeUsage(ctx.body));
  const { routeType, model } = ai;
  const chunks = new ChunkWriter(res);
  const wait = resumeOnDrain({ once: (_event: 'drain', listener: () => void) => chunks.onDrain(listener) }, body);
  /** Node has written (or been handed) the headers: later events may go straight to the socket. */
  let nodeWrote = false;
  let text = '';
  let events = 0;
  return new Promise((resolve) => {
    let settled = false;
    /** The one way out: the text read so far is kept for analytics whatever happened. */
    const settle = (outcome: StreamOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(headersTimer);
      ctx.responseText = text;
      resolve(outcome);
    };
    /** The upstream failed mid-stream (or a translator threw): cut the client's response, or fail over when nothing was sent. */
    const fail = (err: unknown): void => {
      if (settled) return;
      const failure = recordFailure(ctx, err, 'body', started ? `stream cut after ${events} event${events === 1 ? '' : 's'}` : null);
      if (failure === null) return settle(CLIENT_LEFT);
      if (!started) return settle({ kind: 'early-failure', failure });
      sendHeaders(); // the 200 first, then the cut
      cutResponse(res, t.streamError(failure));
      settle({ kind: 'cut', failure });
    };
    body.pipe({
      data(chunk) {
        if (settled) return false;
        if (res.destroyed) {
          body.destroy(); // the client left
          settle(CLIENT_LEFT);
          return false;
        }
        let failed = false;
        let payload: Buffer | string = chunk;
        try {
          const parsed = decoder.push(chunk);
          events += parsed.length;
          let out = '';
          for (const e of parsed) {
            const step = translation.streamEvent(e, routeType, model);
            text += step.text;
            if (step.usage) ctx.usage = { ...ctx.usage, ...step.usage };
            if (step.responseModel) ctx.responseModel = step.responseModel;
            if (writer !== null) out += writer.write(step);
            if (step.failed && writer !== null) {
              failed = true; // the upstream's in-stream error is the last event the client gets
              break;
            }
          }
          if (writer !== null) payload = out;
        } catch (err) {
          body.destroy();
          fail(err);
          return false;
        }
        if (failed && !started) {
          // an error as the first event: nothing reached the client, so the try can fail over
          body.destroy();
          ctx.upstreamFailure = { ...FAILED_FIRST, atNs: process.hrtime.bigint(), cut: null };
          settle({ kind: 'early-failure', failure: FAILED_FIRST });
          return false;
        }
        let more = true;
        if (payload.length > 0) {
          if (!started) {
            res.writeHead(200, headers);
            started = true;
          }
          if (ctx.firstByteNs === 0n) ctx.firstByteNs = process.hrtime.bigint();
          if (!headersOut) {
            headersOut = true; // they go with this write
            clearTimeout(headersTimer);
          }
          more = chunks.write(payload, nodeWrote);
          nodeWrote = true;
        }
        if (failed) {
          body.destroy();
          res.end(); // no finish or usage chunk, no terminator: the SDKs raise on the error event
          settle(UPSTREAM_ERROR);
          return false;
        }
        if (!more) wait();
        return more;
      },
      end() {
        if (settled) return;
        ctx.responseText = text; // the usage chunk may estimate from it
        if (res.destroyed) return settle(CLIENT_LEFT);
        if (!started) {
          res.writeHead(200, headers); // a stream without a single event: the tail alone
          started = true;
        }
        // the tail (finish and usage chunks, terminator) and the last chunk in one res.end
        let tail = writer !== null ? writer.end(() => countedUsage(ctx)) : '';
        if (t.streamTerminator !== undefined) tail += t.streamTerminator;
        if (tail !== '') res.end(tail);
        else res.end();
        settle(COMPLETE);
      },
      error: fail,
    });
    // after pipe: events that came with the headers have already taken them along (no timer)
    if (started && !headersOut && !settled) headersTimer = setTimeout(sendHeaders, HEADERS_ALONE_MS);
  });
}

function includeUsage(body: Record<string, unknown> | null): boolean {
  const o = body?.stream_options as { include_usage?: unknown } | undefined;
  return o?.include_usage === true;
}
