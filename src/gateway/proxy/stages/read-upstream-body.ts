// Read a whole upstream answer from undici's body stream. Hand-written rather than undici's
// `body.arrayBuffer()`: that copies even a single-chunk answer (then wrapped again by
// Buffer.from) and goes through undici's generic consume machinery; a small /generate answer
// arrives in one chunk, which is returned as is here (node --cpu-prof under load, bench/).
import type { Readable } from 'node:stream';

export function readUpstreamBody(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (body.destroyed) return reject(new Error('upstream body already closed'));
    let first: Buffer | null = null;
    let more: Buffer[] | null = null;
    let length = 0;
    body.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (first === null) first = chunk;
      else (more ??= [first]).push(chunk);
    });
    let ended = false;
    body.once('end', () => {
      ended = true;
      resolve(more !== null ? Buffer.concat(more, length) : (first ?? Buffer.alloc(0)));
    });
    body.once('error', reject);
    // A stream destroyed without an error (the client left) must not leave the promise pending.
    body.once('close', () => {
      if (!ended) reject(new Error('upstream body closed before its end'));
    });
  });
}
