// The request log the admin endpoint serves: method, path, body, status — never a header, and
// never a secret: every field the schemas mark sensitive is replaced in the recorded body.
import { aiProxyAdvancedConfigView, aiProxyConfigView, flattenViews, keyAuthCredentialFields } from '../schemas/index.js';

const SENSITIVE = new Set<string>([
  ...flattenViews(aiProxyConfigView).filter((v) => v.sensitive).map((v) => v.name),
  // targets' and embeddings' auth, vectordb's redis and pgvector passwords
  ...flattenViews(aiProxyAdvancedConfigView).filter((v) => v.sensitive).map((v) => v.name),
  ...keyAuthCredentialFields.filter((f) => 'sensitive' in f && f.sensitive).map((f) => f.name),
]);

export const REDACTED = '(sensitive)';
const MAX_LOGGED_PATH = 2048;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE.has(k) && typeof v === 'string' ? REDACTED : redact(v);
  return out;
}

export interface LoggedRequest {
  readonly seq: number;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly limit = 10000) {}

  add(method: string, path: string, body: unknown, status: number): void {
    // Hostile paths run to 16 KB (the header limit): the log keeps their start.
    const shown = path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}… (${path.length} characters)` : path;
    this.entries.push({ seq: ++this.seq, time: new Date().toISOString(), method, path: shown, body: redact(body), status });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): readonly LoggedRequest[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
