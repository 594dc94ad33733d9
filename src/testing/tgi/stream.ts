// Writing a token stream the way TGI does: one `data:<json>\n\n` event per token (no space
// after the colon), a per-token delay, and `:\n\n` keep-alive comments while idle. Stops at
// once when the client goes away and says so in the request record. A cut (die or stall after
// N events) plays a TGI that is killed or hangs mid-generation.
import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './recorder.js';

export interface StreamPlan {
  /** Event payloads, written in order. */
  readonly events: readonly string[];
  readonly tokenDelayMs: number;
  readonly keepAliveMs: number;
  /** After this many events, die (destroy the socket) or stall (send nothing more, keep the connection open). */
  readonly cut?: StreamCut;
}

/** A fault mid-stream: a TGI that is killed, or one that hangs (no events, no keep-alives). */
export interface StreamCut {
  readonly after: number;
  readonly how: 'die' | 'stall';
}

/** The error event TGI sends when generation fails mid-stream (the stream_error outcome). */
export const GENERATION_ERROR = { error: 'Request failed during generation: Server error: CUDA out of memory', error_type: 'generation' } as const;

export function writeEventStream(res: ServerResponse, record: RecordedRequest, plan: StreamPlan): void {
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const keepAlive = setInterval(() => res.write(':\n\n'), plan.keepAliveMs);
  keepAlive.unref();
  const stop = (state: RecordedRequest['state']): void => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    if (timer) clearTimeout(timer);
    record.state = state;
    record.endedAt = Date.now();
  };
  res.on('close', () => stop(res.writableFinished ? 'completed' : 'aborted'));
  const next = (): void => {
    if (closed) return;
    if (plan.cut !== undefined && i >= plan.cut.after) {
      if (plan.cut.how === 'die') {
        stop('aborted');
        res.socket?.destroy();
      } else clearInterval(keepAlive); // stalled: silent until the client gives up
      return;
    }
    if (i >= plan.events.length) {
      stop('completed');
      res.end();
      return;
    }
    res.write(`data:${plan.events[i]}\n\n`);
    record.eventsSent = ++i;
    if (plan.tokenDelayMs > 0) timer = setTimeout(next, plan.tokenDelayMs);
    else setImmediate(next);
  };
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    'x-compute-type': 'gpu+optimized',
  });
  res.flushHeaders();
  if (plan.tokenDelayMs > 0) timer = setTimeout(next, plan.tokenDelayMs);
  else setImmediate(next);
}
