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
// concurrent streams); a stream cut before its first event still gets its 200 headers first.
import { createDecoder, openAiIdentity, OpenAiStreamWriter } from '../../drivers/index.js';
import type { ProxyContext } from '../context.js';
import { countedUsage } from '../usage.js';
import { proxiedHeaders } from './response-headers.js';
import { resumeOnDrain } from './resume-on-drain.js';
import { cutResponse, recordFailure } from './upstream-failed.js';

/** How long the headers wait for the first event before they are sent on their own. */
export const HEADERS_ALONE_MS = 50;

export function relayStream(ctx: ProxyContext): Promise<void> {
  const ai = ctx.ai!;
  const t = ai.plan!.translator;
  const { res } = ctx;
  const body = ctx.response!.body;
  const headers = proxiedHeaders(ctx);
  delete headers['content-length'];
  headers['content-type'] = 'text/event-stream';
  res.writeHead(200, headers);
  let headersOut = false;
  const sendHeaders = (): void => {
    if (headersOut) return;
    headersOut = true;
    clearTimeout(headersTimer);
    if (!res.destroyed) res.flushHeaders();
  };
  const headersTimer = setTimeout(sendHeaders, HEADERS_ALONE_MS);
  const decoder = createDecoder(t.framing);
  const translation = t.startStream?.() ?? t;
  const writer = t.passthrough ? null : new OpenAiStreamWriter(openAiIdentity(ctx.requestId, ctx.requestModel ?? '', ai.routeType !== 'llm/v1/completions'), includeUsage(ctx.body));
  const { routeType, model } = ai;
  const wait = resumeOnDrain(res, body);
  let text = '';
  let events = 0;
  return new Promise((resolve) => {
    let settled = false;
    /** The one way out: the text read so far is kept for analytics whatever happened. */
    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(headersTimer);
      ctx.responseText = text;
      resolve();
    };
    /** The upstream failed mid-stream (or a translator threw): cut the client's response. */
    const fail = (err: unknown): void => {
      if (settled) return;
      const failure = recordFailure(ctx, err, 'body', `stream cut after ${events} event${events === 1 ? '' : 's'}`);
      if (failure !== null) {
        sendHeaders(); // the 200 first, then the cut
        cutResponse(res, t.streamError(failure));
      }
      settle();
    };
    body.pipe({
      data(chunk) {
        if (settled) return false;
        if (res.destroyed) {
          body.destroy(); // the client left
          settle();
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
        let more = true;
        if (payload.length > 0) {
          if (ctx.firstByteNs === 0n) ctx.firstByteNs = process.hrtime.bigint();
          if (!headersOut) {
            headersOut = true; // they go with this write
            clearTimeout(headersTimer);
          }
          more = res.write(payload);
        }
        if (failed) {
          body.destroy();
          res.end(); // no finish or usage chunk, no terminator: the SDKs raise on the error event
          settle();
          return false;
        }
        if (!more) wait();
        return more;
      },
      end() {
        if (settled) return;
        ctx.responseText = text; // the usage chunk may estimate from it
        if (!res.destroyed) {
          if (writer !== null) {
            const tail = writer.end(() => countedUsage(ctx));
            if (tail !== '') res.write(tail);
          }
          if (t.streamTerminator !== undefined) res.write(t.streamTerminator);
          res.end();
        }
        settle();
      },
      error: fail,
    });
  });
}

function includeUsage(body: Record<string, unknown> | null): boolean {
  const o = body?.stream_options as { include_usage?: unknown } | undefined;
  return o?.include_usage === true;
}
