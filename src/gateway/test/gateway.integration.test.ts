// End to end over real HTTP: bin/ai-gateway on the seed's decK configuration (and a richer
// one) in front of bin/mock-tgi. Needs `make build` (make test-unit runs it first).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { streamEvents, type RecordedRequest, type StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { startProcess } from '../../testing/tgi/index.js';
import { ROOT, startGatewayProcess, startTgi, tempFile, TOKEN } from './harness.js';

const SEED = `${ROOT}src/testing/tgi/fixtures/deck/seed-global.yaml`;
const RICH = readFileSync(fileURLToPath(new URL('./rich-kong.yaml', import.meta.url)), 'utf8');

let tgi: StartedProcess;
let seedGw: StartedProcess;
let richGw: StartedProcess;
let TGI: string;
let SEED_GW: string;
let GW: string;
let richConfig: string;
const started: StartedProcess[] = [];

async function requests(): Promise<RecordedRequest[]> {
  return (await (await fetch(`${TGI}/__requests`)).json()) as RecordedRequest[];
}
const findRequest = async (marker: string) => (await requests()).findLast((r) => r.body.includes(marker));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  tgi = await startTgi();
  started.push(tgi);
  TGI = tgi.listeners.get('mock-tgi')!;
  const env = { DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI };
  seedGw = await startGatewayProcess(SEED, env);
  started.push(seedGw);
  SEED_GW = seedGw.listeners.get('proxy')!;
  richConfig = tempFile('kong.yaml', RICH);
  richGw = await startGatewayProcess(richConfig, env);
  started.push(richGw);
  GW = richGw.listeners.get('proxy')!;
});

after(async () => {
  await Promise.all(started.map((p) => p.kill()));
});

describe('seed decK configuration (global ai-proxy, llm_format huggingface)', () => {
  it('/generate: body bytes unchanged both ways, auth injected over the client credential, Kong headers', async () => {
    const body = '{"inputs":"What is Deep Learning?",   "parameters":{"max_new_tokens":6}}';
    const direct = await send(`${TGI}/generate`, { body, headers: { authorization: `Bearer ${TOKEN}` } });
    const via = await send(`${SEED_GW}/hf/generate`, { body, headers: { authorization: 'Bearer client-own-secret' } });
    assert.equal(via.status, 200);
    assert.deepEqual(via.body, direct.body);
    assert.equal(via.headers['x-kong-llm-model'], 'huggingface/HuggingFaceTB/SmolVLM-Base');
    assert.match(String(via.headers['x-kong-request-id']), /^[0-9a-f]{32}$/);
    assert.equal(via.headers.via, '1.1 kong/3.11.0.0');
    assert.match(String(via.headers['x-kong-upstream-latency']), /^\d+$/);
    assert.match(String(via.headers['x-kong-proxy-latency']), /^\d+$/);
    const rec = (await findRequest('What is Deep Learning?'))!;
    assert.equal(rec.url, '/generate');
    assert.equal(rec.authorization, 'valid');
    assert.equal(Buffer.from(rec.bodyBase64, 'base64').toString(), body);
  });

  it('/generate_stream: the same bytes as TGI sends, Content-Type text/event-stream, no [DONE]', async () => {
    const body = '{"inputs":"stream me please","parameters":{"max_new_tokens":5}}';
    const direct = await send(`${TGI}/generate_stream`, { body, headers: { authorization: `Bearer ${TOKEN}` } });
    const via = await send(`${SEED_GW}/hf/generate_stream`, { body });
    assert.equal(via.status, 200);
    assert.equal(via.headers['content-type'], 'text/event-stream');
    assert.deepEqual(via.body.toString(), direct.body.toString());
    const expected = streamEvents({ inputs: 'stream me please', parameters: { max_new_tokens: 5 } }).map((e) => `data:${e}\n\n`).join('');
    assert.equal(via.body.toString(), expected);
  });

  it('relays events one by one as they are generated, not all at the end', async () => {
    const via = await send(`${SEED_GW}/hf/generate_stream`, {
      body: '{"inputs":"one two three","parameters":{"max_new_tokens":5}}',
      headers: { 'x-mock-tgi-token-delay-ms': '120' },
    });
    const eventChunks = via.chunks.filter((c) => c.data.includes('data:'));
    assert.ok(eventChunks.length >= 4, `expected separate chunks, got ${eventChunks.length}`);
    const span = eventChunks.at(-1)!.at - eventChunks[0]!.at;
    assert.ok(span >= 350, `events arrived within ${span.toFixed(0)} ms: buffered?`);
  });

  it('never writes the token to its output', () => {
    assert.ok(!seedGw.stdout().includes(TOKEN) && !seedGw.stderr().includes(TOKEN));
    assert.ok(!richGw.stdout().includes(TOKEN) && !richGw.stderr().includes(TOKEN));
  });
});

describe('key-auth with hide_credentials in front of ai-proxy', () => {
  it('a key in the query string identifies the consumer and is not forwarded upstream; other query args are', async () => {
    const body = '{"inputs":"keyed by query","parameters":{"max_new_tokens":3}}';
    const via = await send(`${GW}/keyed/generate?apikey=alice-secret-key&trace=1`, { body });
    assert.equal(via.status, 200, via.body.toString());
    const rec = (await findRequest('keyed by query'))!;
    assert.equal(rec.url, '/generate?trace=1');
    assert.equal(rec.authorization, 'valid');
  });

  it('a key in a header is not forwarded; a missing or wrong key gets Kong’s 401', async () => {
    const body = '{"inputs":"keyed by header","parameters":{"max_new_tokens":3}}';
    const via = await send(`${GW}/keyed/generate`, { body, headers: { apikey: 'alice-secret-key' } });
    assert.equal(via.status, 200, via.body.toString());
    const rec = (await findRequest('keyed by header'))!;
    assert.equal(JSON.stringify(rec.headers).includes('alice-secret-key'), false);
    const missing = await send(`${GW}/keyed/generate`, { body });
    assert.equal(missing.status, 401);
    assert.deepEqual(json(missing), { message: 'No API key found in request' });
    const wrong = await send(`${GW}/keyed/generate?apikey=nope`, { body });
    assert.equal(wrong.status, 401);
  });
});

describe('bad input gets Kong’s 4xx bodies', () => {
  const cases: [string, string, { method?: string; headers?: Record<string, string>; body?: string | Buffer }, number, string][] = [
    ['malformed JSON', '/native/generate', { body: '{"inputs":' }, 400, 'content-type header does not match request body, or bad JSON formatting'],
    ['wrong content type', '/native/generate', { body: '{"inputs":"x"}', headers: { 'content-type': 'text/plain' } }, 400, 'content-type header does not match request body, or bad JSON formatting'],
    ['invalid UTF-8', '/native/generate', { body: Buffer.from([0x7b, 0x22, 0x69, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) }, 400, 'content-type header does not match request body, or bad JSON formatting'],
    ['body over max_request_body_size', '/native/generate', { body: JSON.stringify({ inputs: 'x'.repeat(400) }) }, 400, 'content-type header does not match request body, or bad JSON formatting'],
    ['missing inputs', '/native/generate', { body: '{"parameters":{}}' }, 400, "request body doesn't contain valid prompts"],
    ['wrong method', '/native/generate', { method: 'GET' }, 405, 'GET is not supported for /generate; Hugging Face native APIs take POST'],
    ['not a native API', '/native/info', { body: '{}' }, 400, '/info is not a supported Hugging Face native API (use /generate or /generate_stream)'],
    ['streaming denied', '/deny/generate_stream', { body: '{"inputs":"x"}' }, 400, 'response streaming is not enabled for this LLM'],
    ['own model (OpenAI format)', '/chat', { body: '{"model":"other","messages":[{"role":"user","content":"hi"}]}' }, 400, 'cannot use own model - must be: tgi-model'],
    ['prompt on a chat route', '/chat', { body: '{"prompt":"hi"}' }, 400, '[llm/v1/completions] message format is not compatible with [llm/v1/chat] route type'],
  ];
  for (const [name, path, opts, status, message] of cases) {
    it(name, async () => {
      const r = await send(`${GW}${path}`, opts);
      assert.equal(r.status, status);
      assert.deepEqual(json(r), { error: { message } });
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    });
  }

  it('no route: 404 no Route matched with those values', async () => {
    const r = await send(`${GW}/nowhere`, { body: '{}' });
    assert.equal(r.status, 404);
    assert.equal((json(r) as { message: string }).message, 'no Route matched with those values');
  });
});

describe('upstream faults', () => {
  it('upstream refused → 502 with Kong’s JSON', async () => {
    const r = await send(`${GW}/refused/generate`, { body: '{"inputs":"x"}' });
    assert.equal(r.status, 502);
    assert.equal((json(r) as { message: string }).message, 'An invalid response was received from the upstream server');
  });

  it('upstream reset → 502', async () => {
    const r = await send(`${GW}/native/generate`, { body: '{"inputs":"x"}', headers: { 'x-mock-tgi-outcome': 'reset' } });
    assert.equal(r.status, 502);
  });

  it('upstream slower than read_timeout → 504 within the timeout, not a hang', async () => {
    const t0 = performance.now();
    const r = await send(`${GW}/native/generate`, { body: '{"inputs":"x"}', headers: { 'x-mock-tgi-outcome': 'slow', 'x-mock-tgi-delay-ms': '5000' } });
    const took = performance.now() - t0;
    assert.equal(r.status, 504);
    assert.equal((json(r) as { message: string }).message, 'The upstream server is timing out');
    assert.ok(took < 3000, `took ${took} ms`);
  });

  it('non-200 answers pass through unchanged (503 model loading)', async () => {
    const r = await send(`${GW}/native/generate`, { body: '{"inputs":"x"}', headers: { 'x-mock-tgi-outcome': 'model_loading' } });
    assert.equal(r.status, 503);
    assert.deepEqual(json(r), { error: 'Model HuggingFaceTB/SmolVLM-Base is currently loading', estimated_time: 305.68 });
    assert.equal(r.headers['x-kong-llm-model'], undefined);
  });

  it('client disconnect mid-stream aborts the upstream request at once', async () => {
    await send(`${GW}/native/generate_stream`, {
      body: '{"inputs":"abort marker alpha","parameters":{"max_new_tokens":60}}',
      headers: { 'x-mock-tgi-token-delay-ms': '50' },
      abortAfterChunks: 2,
    });
    await sleep(250);
    const rec = (await findRequest('abort marker alpha'))!;
    assert.equal(rec.state, 'aborted');
    assert.ok(rec.eventsSent < 20, `upstream kept streaming: ${rec.eventsSent} events`);
  });

  it('upstream dying mid-stream cuts the client stream (no normal end) and the gateway keeps serving', async () => {
    const r = await send(`${GW}/native/generate_stream`, { body: '{"inputs":"die soon","parameters":{"max_new_tokens":10}}', headers: { 'x-mock-tgi-outcome': 'die_mid_stream' } });
    assert.equal(r.status, 200);
    assert.ok(!r.ended, 'a cut stream ended as if complete (upstream-failures.integration.test.ts has the details)');
    assert.equal(r.body.toString().split('\n\n').filter((e) => e.startsWith('data:')).length, 3);
    const next = await send(`${GW}/native/generate`, { body: '{"inputs":"still alive"}' });
    assert.equal(next.status, 200);
  });
});

describe('OpenAI format (llm/v1/chat) to TGI', () => {
  it('converts chat both ways', async () => {
    const r = await send(`${GW}/chat/v1/chat/completions`, { body: '{"messages":[{"role":"user","content":"hello there"}],"max_tokens":3}' });
    assert.equal(r.status, 200);
    const body = json(r) as { model: string; object: string; choices: { message: { content: string } }[] };
    assert.equal(body.model, 'tgi-model');
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.choices[0]!.message.content, ' there hello there');
    const rec = (await findRequest('hello there'))!;
    assert.equal(rec.url, '/v1/chat/completions');
    assert.deepEqual(JSON.parse(rec.body).parameters, { max_length: 3 });
  });

  it('streams OpenAI chunks ending with data: [DONE]', async () => {
    const r = await send(`${GW}/chat/v1/chat/completions`, { body: '{"messages":[{"role":"user","content":"a b"}],"max_tokens":2,"stream":true}' });
    const text = r.body.toString();
    assert.ok(text.endsWith('data: [DONE]\n\n'));
    const frames = text.split('\n\n').filter(Boolean);
    assert.equal(frames.length, 3);
    assert.equal(JSON.parse(frames[0]!.slice(6)).choices[0].delta.content, ' b');
  });

  it('a conversion failure is Kong’s 500 shape', async () => {
    const r = await send(`${GW}/chat`, { body: '{"messages":[{"role":"user","content":"x"}]}', headers: { 'x-mock-tgi-outcome': 'api_error' } });
    assert.equal(r.status, 500);
    assert.deepEqual(json(r), { error: { message: 'transformation failed from type huggingface://llm/v1/chat: API error: Model is overloaded' } });
  });
});

describe('statistics, metrics and configuration reloads', () => {
  it('writes one usage line per request with ai.proxy.meta and ai.proxy.usage, no payloads, no token', async () => {
    await send(`${GW}/native/generate`, { body: '{"inputs":"count my tokens","parameters":{"max_new_tokens":7}}' });
    await sleep(100);
    const lines = richGw.stdout().split('\n').filter((l) => l.startsWith('{'));
    const line = lines.map((l) => JSON.parse(l)).findLast((l) => l.ai?.proxy?.usage?.completion_tokens === 7);
    assert.ok(line, 'no usage line');
    assert.deepEqual(
      { prompt: line.ai.proxy.usage.prompt_tokens, total: line.ai.proxy.usage.total_tokens, provider: line.ai.proxy.meta.provider_name },
      { prompt: 3, total: 10, provider: 'huggingface' },
    );
    assert.equal(line.ai.proxy.payload, undefined);
    assert.ok(!richGw.stdout().includes(TOKEN));
  });

  it('exposes Prometheus metrics by route, model and status on the status listener', async () => {
    const text = await (await fetch(`${richGw.listeners.get('status')}/metrics`)).text();
    assert.match(text, /ai_gateway_requests_total\{route="native",model="huggingface\/HuggingFaceTB\/SmolVLM-Base",status="200"\} \d+/);
    assert.match(text, /ai_gateway_tokens_total\{route="native",.*token_type="completion"\}/);
    const status = (await (await fetch(`${richGw.listeners.get('status')}/status`)).json()) as { configuration: { routes: number } };
    assert.equal(status.configuration.routes, 5);
  });

  it('a bad kong.yaml is refused at start naming file, entity and field', async () => {
    const bad = tempFile('kong.yaml', RICH.replace('provider: huggingface, name: tgi-model', 'provider: nope, name: tgi-model'));
    const p = await startProcess(`${ROOT}bin/ai-gateway`, ['--config', bad, '--proxy-listen', '127.0.0.1:0', '--workers', '1'], { env: { ...process.env, DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI }, listeners: [] });
    started.push(p);
    await new Promise((r) => p.child.once('exit', r));
    assert.equal(p.child.exitCode, 1);
    assert.match(p.stderr(), /kong\.yaml: services\[0\]\.routes\[2\]\.plugins\[0\] \(plugin ai-proxy\): config\.model\.provider: expected one of/);
    assert.ok(!p.stderr().includes(TOKEN));
  });

  it('reloads on SIGHUP, keeps the last good configuration when the new one is bad', async () => {
    writeFileSync(richConfig, RICH.replace('paths: [/chat]', 'paths: ["~/(unclosed"]'));
    process.kill(richGw.pid, 'SIGHUP');
    await richGw.waitForLine(/configuration rejected, keeping revision 1: .*invalid regex/, 5000);
    assert.equal((await send(`${GW}/chat`, { body: '{"messages":[{"role":"user","content":"x"}]}' })).status, 200);
    writeFileSync(richConfig, RICH.replace('paths: [/chat]', 'paths: [/chat2]'));
    process.kill(richGw.pid, 'SIGHUP');
    await richGw.waitForLine(/configuration revision 2 /, 5000);
    assert.equal((await send(`${GW}/chat`, { body: '{"messages":[{"role":"user","content":"x"}]}' })).status, 404);
    assert.equal((await send(`${GW}/chat2`, { body: '{"messages":[{"role":"user","content":"x"}]}' })).status, 200);
  });

  it('--workers 2 shares one listener and prints each listener line once', async () => {
    const p = await startGatewayProcess(SEED, { DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI }, 2);
    started.push(p);
    const url = p.listeners.get('proxy')!;
    const results = await Promise.all(Array.from({ length: 6 }, () => send(`${url}/hf/generate`, { body: '{"inputs":"w"}' })));
    assert.ok(results.every((r) => r.status === 200));
    await sleep(200);
    assert.equal(p.stdout().split('\n').filter((l) => l.startsWith('proxy listening on')).length, 1);
    await p.kill();
  });
});
