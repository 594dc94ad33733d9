// A minimal in-test upstream that speaks the OpenAI wire (chat, completions, embeddings; SSE
// streams with finish_reason and include_usage) and Ollama's (/api/chat, /api/generate; NDJSON),
// for the gateway's driver tests until bin/mock-llm (feat/mock-llm) lands — then replace it with
// that. The answer is the last message's words in reverse order. Auth: `Authorization: Bearer
// <token>` or `?api_key=<token>`, else OpenAI's 401 fixture. `x-test-outcome: <outcome>` serves
// src/testing/llm/fixtures/openai/llm-v1-chat/responses/<outcome>.json (`cut`: a stream that dies
// after two events). Records every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readLlmFixture } from '../../testing/llm/fixtures.js';

export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface OpenAiUpstream {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function answerOf(body: Json): string[] {
  const messages = body.messages as { content?: unknown }[] | undefined;
  const last = Array.isArray(messages) ? messages[messages.length - 1]?.content : body.prompt;
  return String(typeof last === 'string' ? last : '').split(/\s+/).filter(Boolean).reverse();
}

function openAi(res: ServerResponse, kind: 'chat' | 'completions', body: Json): void {
  const words = answerOf(body);
  const prompt = answerOf(body).length;
  const usage = { prompt_tokens: prompt, completion_tokens: words.length, total_tokens: prompt + words.length };
  const base = { id: 'chatcmpl-up1', created: 1730000000, model: String(body.model), system_fingerprint: 'fp_test' };
  if (body.stream !== true) {
    const choice = kind === 'chat' ? { index: 0, message: { role: 'assistant', content: words.join(' ') }, logprobs: null, finish_reason: 'stop' } : { index: 0, text: words.join(' '), logprobs: null, finish_reason: 'stop' };
    return reply(res, 200, { ...base, object: kind === 'chat' ? 'chat.completion' : 'text_completion', choices: [choice], usage }, { 'set-cookie': '__cf_bm=vendor-cookie; path=/' });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const object = kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  const send = (choices: unknown[], extra: Json = {}) => res.write(`data: ${JSON.stringify({ ...base, object, choices, ...extra })}\n\n`);
  words.forEach((w, i) => {
    const text = i === 0 ? w : ` ${w}`;
    send([kind === 'chat' ? { index: 0, delta: i === 0 ? { role: 'assistant', content: text } : { content: text }, logprobs: null, finish_reason: null } : { index: 0, text, logprobs: null, finish_reason: null }]);
  });
  send([kind === 'chat' ? { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' } : { index: 0, text: '', logprobs: null, finish_reason: 'stop' }]);
  if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) send([], { usage });
  res.end('data: [DONE]\n\n');
}

function embeddings(res: ServerResponse, body: Json): void {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const data = inputs.map((s, index) => ({ object: 'embedding', index, embedding: [String(s).length / 10, 0.5] }));
  reply(res, 200, { object: 'list', data, model: String(body.model), usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } });
}

function ollama(res: ServerResponse, kind: 'chat' | 'generate', body: Json): void {
  const words = answerOf(body);
  const line = (content: string, done: boolean): Json => ({
    model: body.model,
    created_at: '2024-07-22T20:33:28.123Z',
    ...(kind === 'chat' ? { message: { role: 'assistant', content } } : { response: content }),
    done,
    ...(done ? { done_reason: 'stop', prompt_eval_count: words.length, eval_count: words.length } : {}),
  });
  if (body.stream === false) return reply(res, 200, line(words.join(' '), true));
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  words.forEach((w, i) => res.write(`${JSON.stringify(line(i === 0 ? w : ` ${w}`, false))}\n`));
  res.end(`${JSON.stringify(line('', true))}\n`);
}

/** `x-test-outcome: cut`: two events of a 200 stream, then the connection dies. */
function cut(res: ServerResponse, ndjson: boolean): void {
  res.writeHead(200, { 'content-type': ndjson ? 'application/x-ndjson' : 'text/event-stream' });
  for (const w of ['partial', ' answer']) {
    res.write(
      ndjson
        ? `${JSON.stringify({ model: 'm', created_at: '2024-07-22T20:33:28.123Z', message: { role: 'assistant', content: w }, done: false })}\n`
        : `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: w }, finish_reason: null }] })}\n\n`,
    );
  }
  setTimeout(() => res.socket?.destroy(), 50);
}

export async function startOpenAiUpstream(token: string): Promise<OpenAiUpstream> {
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text });
      const url = new URL(req.url ?? '/', 'http://x');
      const outcome = req.headers['x-test-outcome'];
      if (outcome === 'cut') return cut(res, new URL(req.url ?? '/', 'http://x').pathname.endsWith('/api/chat'));
      if (typeof outcome === 'string') {
        const f = readLlmFixture('openai', 'llm-v1-chat', 'responses', outcome);
        return reply(res, f.upstream.status!, f.upstream.body, f.upstream.headers);
      }
      if (req.headers.authorization !== `Bearer ${token}` && url.searchParams.get('api_key') !== token) {
        const f = readLlmFixture('openai', 'llm-v1-chat', 'responses', 'unauthorized');
        return reply(res, 401, f.upstream.body);
      }
      let body: Json;
      try {
        body = JSON.parse(text) as Json;
      } catch {
        return reply(res, 400, readLlmFixture('openai', 'llm-v1-chat', 'responses', 'bad_request').upstream.body);
      }
      const path = url.pathname;
      if (path.endsWith('/chat/completions')) return openAi(res, 'chat', body);
      if (path.endsWith('/completions')) return openAi(res, 'completions', body);
      if (path.endsWith('/embeddings')) return embeddings(res, body);
      if (path.endsWith('/api/chat')) return ollama(res, 'chat', body);
      if (path.endsWith('/api/generate')) return ollama(res, 'generate', body);
      if (path.endsWith('/api/embed')) {
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        return reply(res, 200, { model: body.model, embeddings: inputs.map((s) => [String(s).length / 10, 0.5]), prompt_eval_count: inputs.length });
      }
      reply(res, 404, { error: { message: `no route ${path}`, type: 'invalid_request_error' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
