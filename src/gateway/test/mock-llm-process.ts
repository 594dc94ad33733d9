// bin/mock-llm as a real process for the gateway's integration tests (killed by PID), with its
// request record read over HTTP (GET /__mock/requests).
import { join } from 'node:path';
import { startProcess, type StartedProcess } from '../../testing/tgi/index.js';
import { ROOT } from './harness.js';

export interface MockRecord {
  readonly seq: number;
  readonly vendor: string;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string | string[]>;
  readonly body: string;
  readonly json: Record<string, unknown> | null;
  readonly auth: string;
  readonly status: number;
}

export interface MockLlmProcess {
  readonly proc: StartedProcess;
  readonly url: string;
  requests(): Promise<MockRecord[]>;
  last(): Promise<MockRecord>;
}

export async function startMockLlm(args: readonly string[], env: Record<string, string> = {}): Promise<MockLlmProcess> {
  const proc = await startProcess(join(ROOT, 'bin/mock-llm'), ['--listen', '127.0.0.1:0', ...args], { env: { ...process.env, ...env }, listeners: ['mock-llm'] });
  const url = proc.listeners.get('mock-llm')!;
  const requests = async () => (await (await fetch(`${url}/__mock/requests`)).json()) as MockRecord[];
  return { proc, url, requests, last: async () => (await requests()).at(-1)! };
}
