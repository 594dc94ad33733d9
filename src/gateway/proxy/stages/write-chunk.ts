// Write one chunk to the client and wait for drain when its buffer is full. Resolves false
// when the client has gone away.
import type { ServerResponse } from 'node:http';

export function writeChunk(res: ServerResponse, chunk: Uint8Array | string): Promise<boolean> | boolean {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
