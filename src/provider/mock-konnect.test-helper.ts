// Test helper: an in-process mock Konnect on a free port, and a client for its API that the
// provider's tests use to look behind Terraform's back (what was stored, drift made on purpose).
import { request } from 'undici';
import { MemoryStore } from '../kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from '../mock-konnect/index.js';

export interface ApiAnswer {
  readonly status: number;
  // The tests read the mock's JSON freely.
  readonly body: any;
}

/** A mock Konnect with an in-memory store, accepting DEFAULT_DEV_TOKEN, listening on 127.0.0.1. */
export async function startMockKonnect(): Promise<{ mock: MockKonnect; base: string }> {
  const mock = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN] });
  const base = await mock.listen('127.0.0.1', 0);
  return { mock, base };
}

/** A JSON client for the mock's API at `base()` (read when called: the mock starts in a before hook). */
export function konnectApi(base: () => string) {
  return async function api(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const res = await request(base() + path, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  };
}
