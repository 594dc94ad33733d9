// Fault injection: a request asks for a failure with the header `x-mock-fault: <fault>` (a
// gateway forwards it like any client header), or every request gets one from --fault, or the
// next N requests from POST /__mock/fault. The vendor answers each status with its own error body.
//   400 401 403 404 429 500 503 529   that status, with the vendor's error body (529: Anthropic's overloaded_error)
//   stall                              accept, then never answer (a stream: headers and one event, then nothing)
//   cut-mid-stream                     a stream: two events, then the connection is destroyed;
//                                      not streamed: half the body, then the connection is destroyed
//   stream-error                       a stream: two events, then the vendor's in-stream error event
import type { IncomingMessage } from 'node:http';

export type Fault =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'stall' }
  | { readonly kind: 'cut-mid-stream' }
  | { readonly kind: 'stream-error' };

export const FAULT_HEADER = 'x-mock-fault';
const STATUSES = new Set([400, 401, 403, 404, 429, 500, 502, 503, 504, 529]);

/** The fault a text names, or an error message listing the valid ones. */
export function parseFault(text: string): Fault | string {
  const t = text.trim().toLowerCase();
  if (/^\d{3}$/.test(t) && STATUSES.has(Number(t))) return { kind: 'status', status: Number(t) };
  if (t === 'stall' || t === 'cut-mid-stream' || t === 'stream-error') return { kind: t };
  return `unknown fault "${text}": expected one of ${[...STATUSES].join(', ')}, stall, cut-mid-stream, stream-error`;
}

/** Faults queued by POST /__mock/fault, consumed one per request, before the --fault default. */
export class FaultQueue {
  private readonly queue: Fault[] = [];

  constructor(private readonly always?: Fault) {}

  push(fault: Fault, count: number): void {
    for (let i = 0; i < count; i++) this.queue.push(fault);
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** The header's fault wins; then a queued one; then --fault. A bad header value is ignored. */
  next(req: IncomingMessage): Fault | undefined {
    const h = req.headers[FAULT_HEADER];
    if (typeof h === 'string' && h !== '') {
      const f = parseFault(h);
      if (typeof f !== 'string') return f;
    }
    return this.queue.shift() ?? this.always;
  }
}
