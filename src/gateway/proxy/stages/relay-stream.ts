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
// `deferHeaders` (ai-proxy-advanced): the client's headers go out with the first bytes, so a
// failure before them leaves the client untouched and the try can fail over ('early-failure').
import { createDecoder, openAiIdentity, OpenAiStreamWriter } from '../../drivers/index.js';
import type { UpstreamFailure } from '../../upstream/index.js';
import type { ProxyContext } from '../context.js';
import { countedUsage } from '../usage.js';
import { proxiedHeaders } from './response-headers.js';
import { cutResponse, recordFailure } from './upstream-failed.js';
import { writeChunk } from './write-chunk.js';

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
/** An error event as the stream's first event: nothing was relayed yet. */
const FAILED_FIRST: UpstreamFailure = { cause: 'stream_error', detail: 'the upstream reported an error as its first stream event', status: 502, beforeSend: false };

export async function relayStream(ctx: ProxyContext, deferHeaders = false): Promise<StreamOutcome> {
  const ai = ctx.ai!;
  const t = ai.plan!.translator;
  const { res } = ctx;
  const headers = proxiedHeaders(ctx);
  delete headers['content-length'];
  headers['content-type'] = 'text/event-stream';
  let started = !deferHeaders;
  if (started) {
    res.writeHead(200, headers);
    res.flushHeaders();
  }
  const decoder = createDecoder(t.framing);
  const translation = t.startStream?.() ?? t;
  const writer = t.passthrough ? null : new OpenAiStreamWriter(openAiIdentity(ctx.requestId, ctx.requestModel ?? '', ai.routeType !== 'llm/v1/completions'), includeUsage(ctx.body));
  let text = '';
  let events = 0;
  let failed = false;
  try {
    for await (const chunk of ctx.response!.body) {
      const parsed = decoder.push(chunk as Buffer);
      events += parsed.length;
      let out = '';
      for (const e of parsed) {
        const step = translation.streamEvent(e, ai.routeType, ai.model);
        text += step.text;
        if (step.usage) ctx.usage = { ...ctx.usage, ...step.usage };
        if (step.responseModel) ctx.responseModel = step.responseModel;
        if (writer !== null) out += writer.write(step);
        if (step.failed && writer !== null) {
          failed = true; // the upstream's in-stream error is the last event the client gets
          break;
        }
      }
      const payload = writer === null ? (chunk as Buffer) : out;
      if (failed && !started) {
        ctx.upstreamFailure = { ...FAILED_FIRST, atNs: process.hrtime.bigint(), cut: null };
        return { kind: 'early-failure', failure: FAILED_FIRST };
      }
      if (payload.length > 0) {
        if (!started) {
          res.writeHead(200, headers);
          started = true;
        }
        if (ctx.firstByteNs === 0n) ctx.firstByteNs = process.hrtime.bigint();
        if (!(await writeChunk(res, payload))) return CLIENT_LEFT;
      }
      if (failed) break;
    }
  } catch (err) {
    const failure = recordFailure(ctx, err, 'body', started ? `stream cut after ${events} event${events === 1 ? '' : 's'}` : null);
    if (failure === null) return CLIENT_LEFT;
    if (!started) return { kind: 'early-failure', failure };
    cutResponse(res, t.streamError(failure));
    return { kind: 'cut', failure };
  } finally {
    ctx.responseText = text;
  }
  if (res.destroyed) return CLIENT_LEFT;
  if (!started) res.writeHead(200, headers); // a stream without a single event: the tail alone
  if (failed) {
    res.end(); // no finish or usage chunk, no terminator: the SDKs raise on the error event
    return { kind: 'upstream-error' };
  }
  if (writer !== null) {
    const tail = writer.end(() => countedUsage(ctx));
    if (tail !== '') res.write(tail);
  }
  if (t.streamTerminator !== undefined) res.write(t.streamTerminator);
  res.end();
  return COMPLETE;
}

function includeUsage(body: Record<string, unknown> | null): boolean {
  const o = body?.stream_options as { include_usage?: unknown } | undefined;
  return o?.include_usage === true;
}
