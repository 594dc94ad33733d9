// What the mock received, for tests: GET /__mock/requests lists it, DELETE clears it. Headers are
// kept whole — tests check the credential a gateway injected — so this list is for tests only and
// nothing in it is ever written to a log.
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthVerdict, VendorName } from './vendor.js';

export interface RecordedRequest {
  readonly seq: number;
  readonly vendor: VendorName | null;
  /** The vendor operation (e.g. `chat`, `converse-stream`), null for an unknown path. */
  operation: string | null;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text, its parsed JSON (null when not JSON), and base64 for byte-exact checks. */
  readonly body: string;
  readonly json: unknown;
  readonly bodyBase64: string;
  auth: AuthVerdict;
  /** The answer's status (200 for a stream that started). */
  status: number | null;
  readonly receivedAt: number;
  state: 'in-progress' | 'completed' | 'aborted';
  /** Stream events written so far. */
  eventsSent: number;
  endedAt: number | null;
}

export class RequestRecorder {
  private readonly items: RecordedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 500) {}

  record(vendor: VendorName | null, method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: Buffer): RecordedRequest {
    const q: Record<string, string | string[]> = {};
    for (const key of new Set(query.keys())) {
      const all = query.getAll(key);
      q[key] = all.length === 1 ? all[0]! : all;
    }
    const text = body.toString('utf8');
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    const entry: RecordedRequest = {
      seq: ++this.seq,
      vendor,
      operation: null,
      method,
      path,
      query: q,
      headers: { ...headers },
      body: text,
      json,
      bodyBase64: body.toString('base64'),
      auth: 'unchecked',
      status: null,
      receivedAt: Date.now(),
      state: 'in-progress',
      eventsSent: 0,
      endedAt: null,
    };
    this.items.push(entry);
    if (this.items.length > this.capacity) this.items.shift();
    return entry;
  }

  list(): readonly RecordedRequest[] {
    return this.items;
  }

  clear(): void {
    this.items.length = 0;
  }
}
