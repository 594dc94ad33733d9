// Relay an upstream body chunk by chunk, honouring back-pressure. If the upstream dies or
// stalls past read_timeout midway, the failure is recorded and the client's connection is cut
// without the terminating chunk (as nginx does): a cut body never looks complete.
import type { ProxyContext } from '../context.js';
import { cutResponse, recordFailure } from './upstream-failed.js';
import { writeChunk } from './write-chunk.js';

export async function pipeBody(ctx: ProxyContext, headers: Record<string, string | string[]>): Promise<void> {
  const { res } = ctx;
  const body = ctx.response!.body;
  res.writeHead(ctx.status, headers);
  let bytes = 0;
  try {
    for await (const chunk of body) {
      if (ctx.firstByteNs === 0n) ctx.firstByteNs = process.hrtime.bigint();
      bytes += (chunk as Buffer).length;
      if (!(await writeChunk(res, chunk as Buffer))) return;
    }
  } catch (err) {
    if (recordFailure(ctx, err, 'body', `body cut after ${bytes} bytes`) !== null) cutResponse(res);
    return;
  }
  if (!res.destroyed) res.end();
}
