// Preloaded (`node --import`) into a proxy process by bench/stream-timeline.bench.ts. Records,
// per proxied request, when each step happened (process.hrtime, the one clock every process on
// the machine shares), from diagnostics channels: the request reaching the HTTP server, undici
// creating the upstream request, writing it, receiving its response headers, and — in the
// gateway — its own per-stage timeline (`ai-gateway:request-timings`). The steps are kept in
// memory and written as one `timeline {json}` line to stderr after the response has finished,
// so the recording adds no write to the path it measures. Requests must come one at a time.
import { subscribe } from 'node:diagnostics_channel';

/** @type {{ seq: string | undefined, marks: [string, string][] } | null} */
let current = null;
/** The request whose response just finished: the gateway publishes its timings after that. */
let finished = null;
const mark = (name) => current?.marks.push([name, process.hrtime.bigint().toString()]);

subscribe('http.server.request.start', ({ request }) => {
  current = { seq: request.headers['x-timeline-seq'], marks: [] };
  mark('request');
});
subscribe('undici:request:create', () => mark('call'));
subscribe('undici:client:sendHeaders', () => mark('sent'));
subscribe('undici:request:headers', () => mark('upstream-headers'));
subscribe('ai-gateway:request-timings', (t) => {
  const r = current ?? finished;
  if (r === null) return;
  for (const [name, at] of t.stages) r.marks.push([`stage ${name}`, at.toString()]);
  if (t.firstByteNs > 0n) r.marks.push(['first-byte', t.firstByteNs.toString()]);
});
subscribe('http.server.response.finish', () => {
  if (current === null) return;
  const r = (finished = current);
  current = null;
  // 'finish' comes in a nextTick, the gateway's timings in a microtask after it: write once both are in
  setImmediate(() => {
    process.stderr.write(`timeline ${JSON.stringify(r)}\n`);
    if (finished === r) finished = null;
  });
});
