// Stream framing, shared by every driver: a driver names how its upstream frames a stream and
// the proxy decodes the upstream bytes with the matching incremental decoder, event by event,
// whatever the chunk boundaries (mid-line, mid-UTF-8 sequence, mid-binary-message).
// - sse: text/event-stream (OpenAI, TGI, Anthropic, Mistral, Gemini with alt=sse);
// - ndjson: one JSON object per line (Ollama, Cohere v1);
// - aws-eventstream: application/vnd.amazon.eventstream binary messages (Bedrock): each message
//   becomes an event named by its `:event-type` (or `:exception-type`) header, data = payload text.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SseParser, type SseEvent } from '../sse/parser.js';

export type Framing = 'sse' | 'ndjson' | 'aws-eventstream';

/** One upstream stream event, whatever the framing (an SSE event's fields; `data` is text). */
export type FrameEvent = SseEvent;

export interface FrameDecoder {
  push(chunk: Uint8Array | string): FrameEvent[];
}

class NdjsonDecoder implements FrameDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';

  push(chunk: Uint8Array | string): FrameEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const out: FrameEvent[] = [];
    let start = 0;
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n', start)) {
      const line = this.buffer.slice(start, nl).trim();
      if (line !== '') out.push({ event: undefined, data: line, id: undefined });
      start = nl + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }
}

const utf8 = new TextDecoder('utf-8');
const codec = new EventStreamCodec(
  (input: Uint8Array | string) => (typeof input === 'string' ? input : utf8.decode(input)),
  (input: string) => new TextEncoder().encode(input),
);

class AwsEventStreamDecoder implements FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array | string): FrameEvent[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const out: FrameEvent[] = [];
    while (this.pending.length >= 4) {
      const total = this.pending.readUInt32BE(0);
      if (total < 16 || this.pending.length < total) break;
      const message = codec.decode(new Uint8Array(this.pending.subarray(0, total)));
      this.pending = this.pending.subarray(total);
      const header = (name: string) => {
        const h = message.headers[name];
        return h !== undefined && h.type === 'string' ? h.value : undefined;
      };
      const kind = header(':message-type');
      const name = kind === 'exception' ? header(':exception-type') : kind === 'error' ? header(':error-code') : header(':event-type');
      out.push({ event: kind === 'event' || kind === undefined ? name : `${kind}:${name ?? ''}`, data: utf8.decode(message.body), id: undefined });
    }
    return out;
  }
}

export function createDecoder(framing: Framing): FrameDecoder {
  if (framing === 'ndjson') return new NdjsonDecoder();
  if (framing === 'aws-eventstream') return new AwsEventStreamDecoder();
  return new SseParser();
}
