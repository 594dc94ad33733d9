// The drivers' golden fixtures, named by provider, route type and outcome:
// fixtures/<provider>/<route>/{requests,responses}/<outcome>.json — a request's `client` body and
// the `upstream` body the driver sends; a response's `upstream` answer (JSON, or a stream as
// `sse`, `ndjson` or `json_array` text) and what the `client` gets. The driver unit tests read
// them. Non-200 answers are not here: Kong passes them through untouched, which the integration
// tests check against bin/mock-llm's own error bodies (src/gateway/test/*.integration.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface LlmFixture {
  readonly description: string;
  readonly model: { readonly provider: string; readonly name: string | null; readonly options: Record<string, unknown> | null };
  readonly client: Record<string, unknown> & { status?: number; body?: unknown; sse?: string; usage?: unknown; text?: string };
  readonly upstream: Record<string, unknown> & { status?: number; headers?: Record<string, string>; body?: unknown; sse?: string; ndjson?: string };
}

export function readLlmFixture(provider: string, route: string, kind: 'requests' | 'responses', outcome: string): LlmFixture {
  return JSON.parse(readFileSync(`${root}${provider}/${route}/${kind}/${outcome}.json`, 'utf8')) as LlmFixture;
}

export function llmOutcomes(provider: string, route: string, kind: 'requests' | 'responses'): string[] {
  return readdirSync(`${root}${provider}/${route}/${kind}`)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}
