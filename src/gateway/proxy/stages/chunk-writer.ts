// A relayed stream's events after the first, framed as HTTP/1.1 chunks here and written to the
// client's socket in one write each. Node's res.write frames a chunk as three writes (size line,
// data, CRLF) into a corked socket and uncorks them in process.nextTick as one writev: per event
// that machinery cost ~10 µs of CPU more than a single socket.write of the framed chunk (17–19 vs
// 8 µs per event, server process only, /tmp bench of 20,000 events to a curl client on this
// machine) — on a 50-event stream more than the gateway's whole translation of it, and at 128
// concurrent streams the gateway's CPU per stream is what decides its time to first token.
//
// Only where the bytes are the same as Node's own: a chunked HTTP/1.1 response whose socket is
// its own (not waiting behind a pipelined response), after Node itself wrote the headers (the
// first write went through res.write or flushHeaders, which the caller says), and before
// res.end() writes the last chunk. Anything else goes through res.write.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const CRLF = Buffer.from('\r\n');

export class ChunkWriter {
  /** The socket the last direct write went to when it returned false (its 'drain' resumes). */
  private fullSocket: Socket | null = null;

  constructor(private readonly res: ServerResponse) {}

  /**
   * Writes `data` as the response's next chunk. `headersOut`: Node has already been handed the
   * headers (a res.write or flushHeaders happened). False: wait for `onDrain`.
   */
  write(data: string | Buffer, headersOut: boolean): boolean {
    const res = this.res;
    const socket = res.socket;
    if (!headersOut || socket === null || socket.destroyed || !res.chunkedEncoding || res.writableEnded || data.length === 0) {
      this.fullSocket = null;
      return res.write(data);
    }
    const more =
      typeof data === 'string'
        ? socket.write(`${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`)
        : socket.write(Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF]));
    this.fullSocket = more ? null : socket;
    return more;
  }

  /** Calls `listener` once the buffer the last write filled has drained. */
  onDrain(listener: () => void): void {
    if (this.fullSocket !== null) this.fullSocket.once('drain', listener);
    else this.res.once('drain', listener);
  }
}
