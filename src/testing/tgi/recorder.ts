// What the local TGI received, for tests to inspect through GET /__requests. The Authorization
// header is never echoed: it is replaced by "[redacted]" and judged instead ("valid" when it is
// exactly `Bearer <configured token>`), which is all a test needs to prove auth was injected.
import type { IncomingHttpHeaders } from 'node:http';

export type AuthVerdict = 'valid' | 'invalid' | 'missing' | 'unchecked';

export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  /** Path and query exactly as received. */
  readonly url: string;
  readonly headers: Record<string, string | string[]>;
  readonly authorization: AuthVerdict;
  /** Which accepted token was used (0 = the first --token), null when none matched or none is required. */
  readonly tokenIndex: number | null;
  /** The body as UTF-8 text, and as base64 for byte-exact comparisons. */
  readonly body: string;
  readonly bodyBase64: string;
  readonly receivedAt: number;
  /** `completed` once the reply ended, `aborted` if the client went away first. */
  state: 'in-progress' | 'completed' | 'aborted';
  /** Stream events written before the end (or the abort). */
  eventsSent: number;
  endedAt: number | null;
}

const REDACTED_HEADERS = new Set(['authorization', 'proxy-authorization']);

export class RequestRecorder {
  private readonly items: RecordedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 200) {}

  record(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer, authorization: AuthVerdict, tokenIndex: number | null = null): RecordedRequest {
    const safe: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      safe[name] = REDACTED_HEADERS.has(name) ? '[redacted]' : value;
    }
    const entry: RecordedRequest = {
      seq: ++this.seq,
      method,
      url,
      headers: safe,
      authorization,
      tokenIndex,
      body: body.toString('utf8'),
      bodyBase64: body.toString('base64'),
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
