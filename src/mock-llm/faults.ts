// Fault injection: a request asks for a failure with the header `x-mock-fault: <fault>` (a
// gateway forwards it like any client header), or every request gets one from --fault, or the
// next N requests from POST /__mock/fault. The vendor answers each status with its own error body.
//   400 401 403 404 429 500 502 503 504 529   that status, with the vendor's error body
//                                      (429: with Retry-After where the vendor sends one; 529: Anthropic's overloaded_error)
//   reset                              read the request, then close the connection without a byte of answer
//   hang                               read the request, then never answer (no headers, stream or not)
//   invalid-header                     answer bytes that are not a valid HTTP response head, then close
//   cut-after-headers                  200 headers, then the connection is destroyed before any body byte
//   stall                              accept, then never answer (a stream: headers and one event, then nothing)
//   cut-mid-stream                     a stream: two events, then the connection is destroyed;
//                                      not streamed: half the body, then the connection is destroyed
//   stream-error                       a stream: two events, then the vendor's in-stream error event
//
// A fault may be scoped to one model, so one mock process serves several targets of a gateway
// that fail independently: `<fault>@<model>` applies only to requests whose body `model` is
// <model>, or whose path has <model> as a segment (Gemini's `models/<model>:…`, Bedrock's
// `model/<id>/…`, Azure's deployment). The header takes a comma-separated list
// (`x-mock-fault: 429@gpt-b, reset@claude-c`: the first rule that applies wins); POST
// /__mock/fault takes `"model"`, and its queued faults are consumed only by matching requests.
import type { IncomingMessage } from 'node:http';

export type Fault =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'invalid-header' }
  | { readonly kind: 'cut-after-headers' }
  | { readonly kind: 'stall' }
  | { readonly kind: 'cut-mid-stream' }
  | { readonly kind: 'stream-error' };

/** A fault and the model it is limited to (null: every request). */
export interface FaultRule {
  readonly fault: Fault;
  readonly model: string | null;
}

export const FAULT_HEADER = 'x-mock-fault';
const STATUSES = new Set([400, 401, 403, 404, 429, 500, 502, 503, 504, 529]);
const KINDS = new Set(['reset', 'hang', 'invalid-header', 'cut-after-headers', 'stall', 'cut-mid-stream', 'stream-error']);

/** The fault a text names, or an error message listing the valid ones. */
export function parseFault(text: string): Fault | string {
  const t = text.trim().toLowerCase();
  if (/^\d{3}$/.test(t) && STATUSES.has(Number(t))) return { kind: 'status', status: Number(t) };
  if (KINDS.has(t)) return { kind: t } as Fault;
  return `unknown fault "${text}": expected one of ${[...STATUSES].join(', ')}, ${[...KINDS].join(', ')} (optionally @<model>)`;
}

/** `fault` or `fault@model`; an error message when the fault is unknown or the model empty. */
export function parseFaultRule(text: string): FaultRule | string {
  const at = text.indexOf('@');
  const fault = parseFault(at < 0 ? text : text.slice(0, at));
  if (typeof fault === 'string') return fault;
  if (at < 0) return { fault, model: null };
  const model = text.slice(at + 1).trim();
  if (model === '') return `fault "${text}": the model after "@" is empty`;
  return { fault, model };
}

/** What a fault's model is matched against: the body's `model` and the path's segments. */
export interface FaultTarget {
  readonly bodyModel: string | null;
  readonly path: string;
}

/** Whether a rule applies to this request. */
export function applies(rule: FaultRule, target: FaultTarget): boolean {
  const m = rule.model;
  if (m === null) return true;
  if (target.bodyModel === m) return true;
  for (const raw of target.path.split('/')) {
    let seg = raw;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      // keep the raw segment
    }
    if (seg === m || seg.startsWith(`${m}:`)) return true;
  }
  return false;
}

/** The body's `model`, when the body is a JSON object naming one (read only to scope faults). */
export function bodyModelOf(json: unknown): string | null {
  const m = (json as { model?: unknown } | null)?.model;
  return typeof m === 'string' && m !== '' ? m : null;
}

/** Faults queued by POST /__mock/fault, consumed one per matching request, before the --fault default. */
export class FaultQueue {
  private readonly queue: FaultRule[] = [];

  constructor(private readonly always?: FaultRule) {}

  push(rule: FaultRule, count: number): void {
    for (let i = 0; i < count; i++) this.queue.push(rule);
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** The header's first applying rule wins; then the first queued rule that applies; then --fault. A bad header value is ignored. */
  next(req: IncomingMessage, target: FaultTarget): Fault | undefined {
    const h = req.headers[FAULT_HEADER];
    if (typeof h === 'string' && h !== '') {
      for (const part of h.split(',')) {
        const rule = parseFaultRule(part);
        if (typeof rule !== 'string' && applies(rule, target)) return rule.fault;
      }
    }
    const i = this.queue.findIndex((r) => applies(r, target));
    if (i >= 0) return this.queue.splice(i, 1)[0]!.fault;
    return this.always !== undefined && applies(this.always, target) ? this.always.fault : undefined;
  }
}
