// Questions the primary of a multi-worker gateway asks its workers over the cluster IPC channel,
// for what only a worker knows: its ai-proxy-advanced balancers (rotation, circuit breaker), for
// GET /explain and GET /status. A worker answers with `answerWorkerQueries`; the primary asks
// with `askWorker`, which gives up after a timeout rather than hang a status request.
import type { Worker } from 'node:cluster';

export type WorkerQuery = { readonly kind: 'explain'; readonly request: unknown } | { readonly kind: 'balancers' };

interface QueryMessage {
  readonly type: 'ai-gateway:query';
  readonly id: number;
  readonly query: WorkerQuery;
}

interface AnswerMessage {
  readonly type: 'ai-gateway:answer';
  readonly id: number;
  readonly body?: unknown;
  readonly error?: string;
}

const isQuery = (m: unknown): m is QueryMessage => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ai-gateway:query';
const isAnswer = (m: unknown): m is AnswerMessage => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ai-gateway:answer';

/** In a worker: answer the primary's queries (JSON-serializable answers; a worker still starting answers once it can). */
export function answerWorkerQueries(answer: (q: WorkerQuery) => unknown, proc: NodeJS.Process = process): void {
  proc.on('message', (m: unknown) => {
    if (!isQuery(m)) return;
    Promise.resolve()
      .then(() => answer(m.query))
      .then(
        (body): AnswerMessage => ({ type: 'ai-gateway:answer', id: m.id, body }),
        (err: unknown): AnswerMessage => ({ type: 'ai-gateway:answer', id: m.id, error: err instanceof Error ? err.name : 'error' }),
      )
      .then((reply) => proc.send?.(reply));
  });
}

let nextId = 1;

/** In the primary: one worker's answer, or a rejection after `timeoutMs`. */
export function askWorker(worker: Worker, query: WorkerQuery, timeoutMs = 3000): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (!isAnswer(m) || m.id !== id) return;
      done();
      if (m.error !== undefined) reject(new Error(`worker ${worker.id} could not answer (${m.error})`));
      else resolve(m.body);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`worker ${worker.id} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
    };
    worker.on('message', onMessage);
    worker.send({ type: 'ai-gateway:query', id, query } satisfies QueryMessage);
  });
}
