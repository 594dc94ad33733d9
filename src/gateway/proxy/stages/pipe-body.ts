// Relay an upstream body chunk by chunk, honouring back-pressure. If the upstream dies or
// stalls past read_timeout midway, the failure is recorded and the client's connection is cut
// without the terminating chunk (as nginx does): a cut body never looks complete.
import type { ProxyContext } from '../context.js';
import { resumeOnDrain } from './resume-on-drain.js';
import { cutResponse, recordFailure } from './upstream-failed.js';

export function pipeBody(ctx: ProxyContext, headers: Record<string, string | string[]>): Promise<void> {
  const { res } = ctx;
  const body = ctx.response!.body;
  res.writeHead(ctx.status, headers);
  const wait = resumeOnDrain(res, body);
  let bytes = 0;
  return new Promise((resolve) => {
    body.pipe({
      data(chunk) {
        if (res.destroyed) {
          body.destroy(); // the client left: nobody to relay to
          resolve();
          return false;
        }
        if (ctx.firstByteNs === 0n) ctx.firstByteNs = process.hrtime.bigint();
        bytes += chunk.length;
        if (res.write(chunk)) return true;
        wait();
        return false;
      },
      end() {
        if (!res.destroyed) res.end();
        resolve();
      },
      error(err) {
        if (recordFailure(ctx, err, 'body', `body cut after ${bytes} bytes`) !== null) cutResponse(res);
        resolve();
      },
    });
  });
}
