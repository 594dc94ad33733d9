// gRPC's length-prefixed messages on an HTTP/2 stream (grpc/doc/PROTOCOL-HTTP2.md): each message
// is a 1-byte compressed flag, a 4-byte big-endian length, then the protobuf bytes. A stream's
// DATA chunks do not align with messages, so the reader collects bytes until messages are whole.

/** The 5-byte prefix and the message, as one buffer. */
export function frameMessage(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** A message arrived compressed: we announce no grpc-accept-encoding, so a client never should. */
export class CompressedMessageError extends Error {
  constructor() {
    super('compressed gRPC messages are not supported');
    this.name = 'CompressedMessageError';
  }
}

/** Collects a stream's DATA chunks and hands out whole messages. */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds a chunk; returns the messages it completed (often none or one). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Buffer[] = [];
    while (this.buffered >= 5) {
      const head = this.chunks[0]!.length >= 5 ? this.chunks[0]! : this.flatten();
      if (head[0] !== 0) throw new CompressedMessageError();
      const length = head.readUInt32BE(1);
      if (this.buffered < 5 + length) break;
      const all = this.flatten();
      out.push(all.subarray(5, 5 + length));
      const rest = all.subarray(5 + length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return out;
  }

  /** Bytes of an incomplete message left when the stream ended (a truncated request). */
  get pending(): number {
    return this.buffered;
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }
}
