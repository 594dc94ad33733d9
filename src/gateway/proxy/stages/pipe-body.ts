// Relay an upstream body chunk by chunk, honouring back-pressure; if the upstream dies midway
// the client's response is ended (it cannot be turned into an error once started).
import type { ProxyContext } from '../context.js';
import { writeChunk } from './write-chunk.js';

export async function pipeBody(ctx: ProxyContext, headers: Record<string, string | string[]>): Promise<void> {
  const { res } = ctx;
  const body = ctx.response!.body;
  res.writeHead(ctx.status, headers);
  try {
    for await (const chunk of body) {
      if (ctx.firstByteNs === 0n) ctx.firstByteNs = process.hrtime.bigint();
      if (!(await writeChunk(res, chunk as Buffer))) return;
    }
  } catch {
    // upstream reset or read timeout after the headers were sent: end what we have
  }
  if (!res.destroyed) res.end();
}
