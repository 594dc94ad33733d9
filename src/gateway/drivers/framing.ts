// Stream framing, shared by every driver: a driver names how its upstream frames a stream and
// the proxy decodes the upstream bytes with the matching incremental decoder, event by event,
// whatever the chunk boundaries (mid-line, mid-UTF-8 sequence, mid-binary-message).
// - sse: text/event-stream (OpenAI, TGI, Anthropic, Mistral, Gemini with alt=sse);
// - ndjson: one JSON object per line (Ollama, Cohere v1);
// - aws-eventstream: application/vnd.amazon.eventstream binary messages (Bedrock): each message
//   becomes an event named by its `:event-type` (or `:exception-type`) header, data = payload text;
// - json-array-or-sse: Gemini's streamGenerateContent, a JSON array written element by element
//   (`[{…},\r\n{…}]`, Kong's JSON-array iterator) — or SSE when the call asked for `alt=sse`;
//   the first byte that is not white space says which. Each array element is one event.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SseParser, type SseEvent } from '../sse/parser.js';

export type Framing = 'sse' | 'ndjson' | 'aws-eventstream' | 'json-array-or-sse';

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

/** The elements of a JSON array as they complete, whatever the chunking; SSE if the stream does not start with `[`. */
class JsonArrayOrSseDecoder implements FrameDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private mode: 'unknown' | 'array' | 'sse' = 'unknown';
  private sse: SseParser | null = null;
  private pending = '';
  /** Nesting depth inside the top-level array: 0 = between elements. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
  private ended = false;

  push(chunk: Uint8Array | string): FrameEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.mode === 'sse') return this.sse!.push(text);
    if (this.mode === 'unknown') {
      this.pending += text;
      const first = this.pending.trimStart();
      if (first === '') return [];
      if (first[0] !== '[') {
        this.mode = 'sse';
        this.sse = new SseParser();
        const all = this.pending;
        this.pending = '';
        return this.sse.push(all);
      }
      this.mode = 'array';
      const rest = first.slice(1);
      this.pending = '';
      return this.scan(rest);
    }
    return this.scan(text);
  }

  private scan(text: string): FrameEvent[] {
    const out: FrameEvent[] = [];
    let start = this.depth > 0 ? 0 : -1;
    for (let i = 0; i < text.length && !this.ended; i++) {
      const c = text.charCodeAt(i);
      if (this.depth === 0) {
        if (c === 93 /* ] */) this.ended = true;
        else if (c === 123 /* { */ || c === 91 /* [ */) {
          this.depth = 1;
          start = i;
        }
        continue; // white space and commas between elements
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 /* } */ || c === 93) {
        this.depth--;
        if (this.depth === 0) {
          out.push({ event: undefined, data: this.element + text.slice(start, i + 1), id: undefined });
          this.element = '';
          start = -1;
        }
      }
    }
    if (this.depth > 0 && start >= 0) this.element += text.slice(start);
    return out;
  }
}

export function createDecoder(framing: Framing): FrameDecoder {
  if (framing === 'json-array-or-sse') return new JsonArrayOrSseDecoder();
  if (framing === 'ndjson') return new NdjsonDecoder();
  if (framing === 'aws-eventstream') return new AwsEventStreamDecoder();
  return new SseParser();
}
