// Streaming relay (reference 4.4, 5.6 item 5). Each upstream chunk is handled as it arrives —
// no buffering beyond one SSE event. Native format: the upstream bytes are written unchanged
// at once, and also parsed for usage. OpenAI format: each event is converted and written as
// `data: <json>\n\n`; `data: [DONE]\n\n` ends the stream. An upstream that dies mid-stream ends
// the client's stream cleanly (no [DONE]); a client that leaves aborts the upstream request.
import { SseParser } from '../../sse/parser.js';
import type { ProxyContext } from '../context.js';
import { proxiedHeaders } from './response-headers.js';
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
  let completed = false;
  try {
    for await (const chunk of ctx.response!.body) {
      const events = parser.push(chunk as Buffer);
      let out = '';
      for (const e of events) {
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
    completed = true;
  } catch {
    // upstream died or went silent past read_timeout: end the client's stream below
  } finally {
    ctx.responseText = text;
  }
  if (res.destroyed) return;
  if (completed && t.streamTerminator !== undefined) res.write(t.streamTerminator);
  res.end();
}
