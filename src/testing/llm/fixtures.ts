// Golden fixtures for the OpenAI-wire and Ollama drivers, named by provider, route type and
// outcome: fixtures/<provider>/<route>/{requests,responses}/<outcome>.json. The driver unit
// tests read them and the in-test upstream (src/gateway/test/openai-upstream.ts) serves their
// `upstream` half, so both sides of a test agree on one file. For bin/mock-llm to adopt.
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
