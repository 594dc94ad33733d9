// An incremental Server-Sent Events parser (WHATWG "event stream interpretation"): feed it
// chunks as they arrive, in any split — mid-line, mid-CRLF, mid-UTF-8 sequence — and it returns
// the events completed so far. Lines end in LF, CRLF or CR; a blank line ends an event; lines
// starting with ":" are comments (counted, not returned); `field:value` drops one leading space.
// Hand-written: the npm SSE parsers (eventsource-parser et al.) would be one more dependency for
// ~80 lines, and we need the comment count and byte-exact incremental behaviour tested here.

export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
  readonly id: string | undefined;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  /** A chunk ended in CR: a following LF belongs to the same line end. */
  private pendingCr = false;
  private data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;
  private hasField = false;
  comments = 0;

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const out: SseEvent[] = [];
    let start = 0;
    const buf = this.buffer;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(buf.slice(start, i), out);
      if (c === 13) {
        if (i + 1 < buf.length) {
          if (buf.charCodeAt(i + 1) === 10) i++;
        } else this.pendingCr = true;
      }
      start = i + 1;
    }
    this.buffer = buf.slice(start);
    return out;
  }

  /** End of stream: an unterminated event is discarded, as the SSE spec says. */
  end(): void {
    this.buffer = '';
    this.reset();
  }

  private reset(): void {
    this.data = [];
    this.event = undefined;
    this.id = undefined;
    this.hasField = false;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.hasField && this.data.length > 0) out.push({ event: this.event, data: this.data.join('\n'), id: this.id });
      this.reset();
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    this.hasField = true;
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }
}
