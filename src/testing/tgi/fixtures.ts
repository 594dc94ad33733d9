// Golden fixtures, named by upstream, route and outcome:
//   fixtures/huggingface/<route>/{requests,responses}/<outcome>.json
// The unit tests read them and the local TGI serves the `upstream` half of the error outcomes,
// so both sides of a test agree on one file.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type FixtureRoute = 'generate' | 'generate_stream' | 'llm-v1-chat' | 'llm-v1-completions';

export interface UpstreamReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON value (a string is sent as raw text), or `raw` text, or `sse` event-stream text. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly sse?: string;
}

// Works from the sources (src/testing/tgi/) and from the bundle (dist/mock-tgi.mjs).
const candidates = [new URL('./fixtures/', import.meta.url), new URL('../src/testing/tgi/fixtures/', import.meta.url)];
const root = candidates.map((u) => fileURLToPath(u)).find((p) => existsSync(p));

export function fixturesRoot(): string {
  if (root === undefined) throw new Error('local TGI fixtures not found next to the module or under src/testing/tgi');
  return root;
}

const cache = new Map<string, unknown>();

export function readFixture<T = Record<string, unknown>>(
  route: FixtureRoute,
  kind: 'requests' | 'responses',
  outcome: string,
): T {
  const path = `${fixturesRoot()}huggingface/${route}/${kind}/${outcome}.json`;
  let value = cache.get(path);
  if (value === undefined) {
    value = JSON.parse(readFileSync(path, 'utf8'));
    cache.set(path, value);
  }
  return value as T;
}

export function listOutcomes(route: FixtureRoute, kind: 'requests' | 'responses'): string[] {
  const dir = `${fixturesRoot()}huggingface/${route}/${kind}`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The upstream half of an error outcome, if that fixture exists and has one. */
export function upstreamReply(route: FixtureRoute, outcome: string): UpstreamReply | undefined {
  if (!listOutcomes(route, 'responses').includes(outcome)) return undefined;
  const f = readFixture<{ upstream?: UpstreamReply }>(route, 'responses', outcome);
  return f.upstream;
}
