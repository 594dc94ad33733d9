// Streaming relay (reference 4.4, 5.6 item 5). Each upstream chunk is handled as it arrives —
// no buffering beyond one SSE event. Native format: the upstream bytes are written unchanged
// at once, and also parsed for usage. OpenAI format: each event is converted and written as
// `data: <json>\n\n`; `data: [DONE]\n\n` ends the stream. An upstream that dies or stays silent
// past read_timeout mid-stream is a failed call: the client's connection is cut without the
// terminating chunk (as nginx does) — OpenAI format first gets an error event, never [DONE] —
// so a cut-off answer cannot pass for a complete one. A client that leaves aborts the upstream.
import { SseParser } from '../../sse/parser.js';
import type { ProxyContext } from '../context.js';
import { proxiedHeaders } from './response-headers.js';
import { cutResponse, recordFailure } from './upstream-failed.js';
import { writeChunk } from './write-chunk.js';

export async function relayStream(ctx: ProxyContext): Promise<void> {
  const ai = ctx.ai!;
  const t = ai.translator!;
  const { res } = ctx;
  const headers = proxiedHeaders(ctx);
  delete headers['content-length'];
  headers['content-type'] = 'text/event-stream';
  res.writeHead(200, headers);
  res.flushHeaders();
  const parser = new SseParser();
  let text = '';
  let events = 0;
  try {
    for await (const chunk of ctx.response!.body) {
      const parsed = parser.push(chunk as Buffer);
      events += parsed.length;
      let out = '';
      for (const e of parsed) {
        const step = t.streamEvent(e, ai.routeType, ai.model);
        text += step.text;
        if (step.usage) ctx.usage = step.usage;
        if (step.responseModel) ctx.responseModel = step.responseModel;
        if (step.frame !== undefined) out += step.frame;
      }
      const payload = t.passthrough ? (chunk as Buffer) : out;
      if (payload.length === 0) continue;
      if (ctx.firstByteNs === 0n) ctx.firstByteNs = process.hrtime.bigint();
      if (!(await writeChunk(res, payload))) return;
    }
  } catch (err) {
    const failure = recordFailure(ctx, err, 'body', `stream cut after ${events} event${events === 1 ? '' : 's'}`);
    if (failure !== null) cutResponse(res, t.streamError(failure));
    return;
  } finally {
    ctx.responseText = text;
  }
  if (res.destroyed) return;
  if (t.streamTerminator !== undefined) res.write(t.streamTerminator);
  res.end();
}
