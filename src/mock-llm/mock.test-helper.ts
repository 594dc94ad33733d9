// Tests: an in-process mock-llm on an OS-picked loopback port, and its request record.
import { createMockLlm, type MockLlm, type MockLlmOptions, type RecordedRequest } from './index.js';

export interface StartedMock {
  readonly url: string;
  readonly mock: MockLlm;
  requests(): Promise<RecordedRequest[]>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

export async function startMock(options: MockLlmOptions = {}): Promise<StartedMock> {
  const mock = createMockLlm(options);
  const url = await mock.listen(0, '127.0.0.1');
  return {
    url,
    mock,
    requests: async () => (await (await fetch(`${url}/__mock/requests`)).json()) as RecordedRequest[],
    clear: async () => void (await fetch(`${url}/__mock/requests`, { method: 'DELETE' })),
    close: () => mock.close(),
  };
}

/** Resolves with the error `fn` rejects with (fails if it resolves). */
export async function rejection(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
