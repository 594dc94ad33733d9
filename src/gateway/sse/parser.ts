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

/**
 * How many leading bytes of `b` form whole UTF-8 sequences: all of it, unless it ends inside a
 * multi-byte sequence, which then waits for the next chunk.
 */
export function wholeUtf8Length(b: Uint8Array): number {
  const n = b.length;
  if (n === 0 || b[n - 1]! < 0x80) return n;
  let i = n - 1;
  while (i > 0 && n - i < 4 && (b[i]! & 0xc0) === 0x80) i--; // back over continuation bytes
  const lead = b[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i >= need ? n : i;
}

const BOM = 0xfeff;

export class SseParser {
  /** Bytes of a UTF-8 sequence the last chunk ended inside. */
  private partial: Buffer | null = null;
  /** Some text has been decoded (a BOM can only open the stream). */
  private started = false;
  private buffer = '';
  /** A chunk ended in CR: a following LF belongs to the same line end. */
  private pendingCr = false;
  /** The event's data lines: the first, and any more (rare: multi-line data). */
  private data: string | undefined;
  private moreData: string[] | null = null;
  private event: string | undefined;
  private id: string | undefined;
  private hasField = false;
  comments = 0;

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decode(chunk);
    if (this.pendingCr && text.charCodeAt(0) === 10) text = text.slice(1);
    this.pendingCr = false;
    const buf = this.buffer === '' ? text : this.buffer + text;
    const out: SseEvent[] = [];
    const len = buf.length;
    let start = 0;
    // Line ends found with indexOf (native) rather than char by char; CR is rare, so it is
    // looked for once per chunk and again only after one is used.
    let cr = buf.indexOf('\r');
    for (;;) {
      const nl = buf.indexOf('\n', start);
      let end: number;
      let next: number;
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        end = cr;
        if (cr + 1 < len) next = buf.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        else {
          next = cr + 1;
          this.pendingCr = true;
        }
        cr = buf.indexOf('\r', next);
      } else if (nl >= 0) {
        end = nl;
        next = nl + 1;
      } else break;
      this.line(buf, start, end, out);
      start = next;
    }
    this.buffer = start === 0 ? buf : start >= len ? '' : buf.slice(start);
    return out;
  }

  /** End of stream: an unterminated event is discarded, as the SSE spec says. */
  end(): void {
    this.buffer = '';
    this.partial = null;
    this.reset();
  }

  /** UTF-8 bytes to text, a sequence split between chunks kept whole (Buffer's decoder: TextDecoder's streaming mode showed in the relay's CPU profile). */
  private decode(chunk: Uint8Array): string {
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.partial !== null) {
      bytes = Buffer.concat([this.partial, bytes]);
      this.partial = null;
    }
    const whole = wholeUtf8Length(bytes);
    if (whole < bytes.length) this.partial = Buffer.from(bytes.subarray(whole));
    const text = bytes.toString('utf8', 0, whole);
    if (this.started || text.length === 0) return text;
    this.started = true;
    return text.charCodeAt(0) === BOM ? text.slice(1) : text; // as TextDecoder: a BOM opening the stream is not content
  }

  private reset(): void {
    this.data = undefined;
    this.moreData = null;
    this.event = undefined;
    this.id = undefined;
    this.hasField = false;
  }

  /** The line buf[start, end). */
  private line(buf: string, start: number, end: number, out: SseEvent[]): void {
    if (start === end) {
      if (this.hasField && this.data !== undefined) {
        out.push({ event: this.event, data: this.moreData === null ? this.data : [this.data, ...this.moreData].join('\n'), id: this.id });
      }
      this.reset();
      return;
    }
    if (buf.charCodeAt(start) === 58 /* : */) {
      this.comments++;
      return;
    }
    this.hasField = true;
    // the common case first: `data:` / `data: `
    if (end - start >= 5 && buf.startsWith('data:', start)) {
      const from = buf.charCodeAt(start + 5) === 32 && start + 5 < end ? start + 6 : start + 5;
      const value = buf.slice(from, end);
      if (this.data === undefined) this.data = value;
      else (this.moreData ??= []).push(value);
      return;
    }
    let colon = buf.indexOf(':', start);
    if (colon >= end) colon = -1;
    const field = colon < 0 ? buf.slice(start, end) : buf.slice(start, colon);
    let value = colon < 0 ? '' : buf.slice(colon + 1, end);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') {
      if (this.data === undefined) this.data = value;
      else (this.moreData ??= []).push(value);
    } else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }
}
