// Upstream failures over real HTTP, bin/ai-gateway in front of bin/mock-tgi (needs `make build`):
// a stream the upstream cuts (killed or stalled) must reach the client as an incomplete
// response, never as a normal ending; every failed upstream call is logged once (route, URL
// without credentials, cause, latency) and counted; `explain` shows the upstream URL.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, request, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runCommand } from '../../testing/processes.js';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { ROOT, startGatewayProcess, startTgi, tempFile, TOKEN } from './harness.js';

const PARAM_SECRET = 'pv_query_Secret_4c3b2a';
const URL_PASSWORD = 'pw_userinfo_Secret_77e1';
const CONSUMER_KEY = 'ck_consumer_Secret_5d6e';
const SECRETS = [TOKEN, PARAM_SECRET, URL_PASSWORD, CONSUMER_KEY];
const READ_TIMEOUT_MS = 1500;

const CONFIG = `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    read_timeout: ${READ_TIMEOUT_MS}
    connect_timeout: 1000
    routes:
      - name: native
        paths: [/native]
        plugins:
          - name: key-auth
            config: { key_names: [apikey], hide_credentials: false, key_in_query: true }
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              logging: { log_statistics: true, log_payloads: false }
              auth:
                header_name: Authorization
                header_value: Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }}
                param_name: api_key
                param_value: ${PARAM_SECRET}
                param_location: query
              model: { provider: huggingface, name: HuggingFaceTB/SmolVLM-Base, options: { upstream_url: "\${{ env "DECK_TGI_URL" }}" } }
      - name: chat
        paths: [/chat]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              logging: { log_statistics: true, log_payloads: false }
              auth: { header_name: Authorization, header_value: Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }} }
              model: { provider: huggingface, name: tgi-model, options: { upstream_url: "\${{ env "DECK_TGI_URL" }}" } }
      - name: refused
        paths: [/refused]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              auth: { header_name: Authorization, header_value: Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }} }
              model: { provider: huggingface, name: m, options: { upstream_url: "http://user:${URL_PASSWORD}@127.0.0.1:1" } }
      - name: silent
        paths: [/silent]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_SILENT_URL" }}" } }
      - name: late
        paths: [/late]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_SLOW_START_URL" }}/late" } }
      - name: cut0
        paths: [/cut0]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_SLOW_START_URL" }}/cut0" } }
  - name: plain
    url: \${{ env "DECK_TGI_URL" }}
    read_timeout: ${READ_TIMEOUT_MS}
    routes:
      - name: plain
        paths: [/plain]
consumers:
  - username: alice
    keyauth_credentials:
      - key: ${CONSUMER_KEY}
`;

interface Outcome {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The response ended normally (the terminating chunk arrived). */
  complete: boolean;
  /** What the client's HTTP stack reported when the response did not complete. */
  error: string | null;
  ms: number;
}

/** POST and wait for the response to end or break; `complete` is node:http's own verdict. */
function call(url: string, body: string, headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      let error: string | null = null;
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('aborted', () => (error ??= 'aborted'));
      res.on('error', (e: NodeJS.ErrnoException) => (error = `${e.code ?? ''} ${e.message}`.trim()));
      res.on('close', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), complete: res.complete, error, ms: performance.now() - t0 }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

let tgi: StartedProcess;
let gw: StartedProcess;
let GW: string;
let STATUS: string;
let TGI: string;
let configPath: string;
let silent: Server;
const silentSockets = new Set<Socket>();
let slowStart: HttpServer;
const LATE_FIRST_EVENT_MS = 800;
const env = (): Record<string, string> => ({
  DECK_HUGGINGFACE_TOKEN: TOKEN,
  DECK_TGI_URL: TGI,
  DECK_SILENT_URL: `http://127.0.0.1:${(silent.address() as { port: number }).port}`,
  DECK_SLOW_START_URL: `http://127.0.0.1:${(slowStart.address() as { port: number }).port}`,
});

before(async () => {
  // An upstream that accepts connections and never answers.
  silent = createServer((s) => {
    silentSockets.add(s);
    s.on('close', () => silentSockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  // A TGI that sends its stream's headers at once, then its first event late (/late) or dies
  // 10 ms later without any (/cut0).
  slowStart = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    if (req.url!.startsWith('/cut0')) setTimeout(() => res.socket?.destroy(), 10);
    else setTimeout(() => res.end('data:{"index":1,"token":{"id":1,"text":" late","logprob":0,"special":false},"generated_text":" late","details":{"finish_reason":"length","generated_tokens":1,"input_length":1}}\n\n'), LATE_FIRST_EVENT_MS);
  });
  await new Promise<void>((r) => slowStart.listen(0, '127.0.0.1', r));
  tgi = await startTgi();
  TGI = tgi.listeners.get('mock-tgi')!;
  configPath = tempFile('kong.yaml', CONFIG);
  gw = await startGatewayProcess(configPath, env());
  GW = gw.listeners.get('proxy')!;
  STATUS = gw.listeners.get('status')!;
});

after(async () => {
  await Promise.all([gw?.kill(), tgi?.kill()]);
  for (const s of silentSockets) s.destroy();
  silent?.close();
  slowStart?.closeAllConnections();
  slowStart?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataEvents = (body: string) => body.split('\n\n').filter((e) => e.startsWith('data:'));
const NATIVE_STREAM = '{"inputs":"one two three four five six seven eight","parameters":{"max_new_tokens":8}}';
const CHAT_STREAM = '{"messages":[{"role":"user","content":"one two three four five six seven eight"}],"max_tokens":8,"stream":true}';
const KEY = { apikey: CONSUMER_KEY };

/** The one stderr line the gateway wrote about this request's upstream call. */
async function failureLines(requestId: string): Promise<string[]> {
  await gw.waitForLine(new RegExp(`upstream call failed.*request ${requestId}`), 5000);
  return gw.stderr().split('\n').filter((l) => l.includes(requestId));
}

describe('a stream the upstream cuts reaches the client incomplete, never as a normal ending', () => {
  it('native: TGI killed after 3 events → the 3 events, then the connection closes without the terminating chunk', async () => {
    const r = await call(`${GW}/native/generate_stream`, NATIVE_STREAM, { ...KEY, 'x-mock-tgi-outcome': 'die_mid_stream' });
    assert.equal(r.status, 200);
    assert.equal(dataEvents(r.body).length, 3, r.body);
    assert.equal(r.complete, false, 'the client saw a complete response');
    assert.notEqual(r.error, null);
    const lines = await failureLines(String(r.headers['x-kong-request-id']));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /route 'native'.*POST http:\/\/127\.0\.0\.1:\d+\/generate_stream.*: reset .*after \d+ ms/);
    assert.match(lines[0]!, /stream cut after 3 events/);
    // the gateway keeps serving
    const next = await call(`${GW}/native/generate`, '{"inputs":"still alive"}', KEY);
    assert.equal(next.status, 200);
    assert.equal(next.complete, true);
  });

  it(`native: TGI stalls after 3 events → cut after read_timeout (${READ_TIMEOUT_MS} ms), not a hang and not a normal end`, async () => {
    const r = await call(`${GW}/native/generate_stream`, NATIVE_STREAM, { ...KEY, 'x-mock-tgi-outcome': 'stall_mid_stream' });
    assert.equal(r.status, 200);
    assert.equal(dataEvents(r.body).length, 3, r.body);
    assert.equal(r.complete, false, 'the client saw a complete response');
    assert.ok(r.ms >= READ_TIMEOUT_MS - 100, `cut after ${r.ms} ms, before read_timeout`);
    assert.ok(r.ms < READ_TIMEOUT_MS + 8000, `cut after ${r.ms} ms`);
    const lines = await failureLines(String(r.headers['x-kong-request-id']));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /route 'native'.*: timeout \(no data within read_timeout 1500 ms\)/);
  });

  it('OpenAI format: TGI killed → the chunks so far, an error event in OpenAI’s shape, no [DONE], incomplete', async () => {
    const r = await call(`${GW}/chat/v1/chat/completions`, CHAT_STREAM, { 'x-mock-tgi-outcome': 'die_mid_stream' });
    assert.equal(r.status, 200);
    const events = dataEvents(r.body);
    assert.ok(!r.body.includes('[DONE]'), r.body);
    assert.equal(r.complete, false, 'the client saw a complete response');
    const last = JSON.parse(events.at(-1)!.slice('data:'.length)) as { error?: { message: string; type: string } };
    assert.equal(last.error?.type, 'upstream_error', r.body);
    assert.match(last.error!.message, /upstream closed the stream before it ended/);
    assert.equal(events.slice(0, -1).every((e) => (JSON.parse(e.slice(5)) as { object?: string }).object === 'chat.completion.chunk'), true, r.body);
    assert.ok(events.length >= 2, r.body);
  });

  it('OpenAI format: TGI stalls → the error event names the timeout, no [DONE], incomplete', async () => {
    const r = await call(`${GW}/chat/v1/chat/completions`, CHAT_STREAM, { 'x-mock-tgi-outcome': 'stall_mid_stream' });
    assert.equal(r.status, 200);
    assert.ok(!r.body.includes('[DONE]'), r.body);
    assert.equal(r.complete, false, 'the client saw a complete response');
    const last = JSON.parse(dataEvents(r.body).at(-1)!.slice('data:'.length)) as { error?: { message: string; type: string } };
    assert.equal(last.error?.type, 'upstream_timeout', r.body);
    assert.ok(r.ms >= READ_TIMEOUT_MS - 100, `cut after ${r.ms} ms`);
  });

  it('a route without ai-proxy: a body the upstream cuts is cut for the client too', async () => {
    const r = await call(`${GW}/plain/generate_stream`, NATIVE_STREAM, { 'x-mock-tgi-outcome': 'die_mid_stream', authorization: `Bearer ${TOKEN}` });
    assert.equal(r.status, 200);
    assert.equal(dataEvents(r.body).length, 3, r.body);
    assert.equal(r.complete, false);
  });

  it('cut streams count as errors: the usage line and ai_gateway_requests_total say 502/504, ai_gateway_upstream_failures_total by cause', async () => {
    await sleep(200);
    const usage = gw
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { response: { status: number }; route: { name: string }; upstream_error?: { cause: string } });
    const native = usage.filter((l) => l.route?.name === 'native' && l.upstream_error !== undefined);
    assert.deepEqual(native.map((l) => [l.response.status, l.upstream_error!.cause]).sort(), [[502, 'reset'], [504, 'timeout']]);
    const text = await (await fetch(`${STATUS}/metrics`)).text();
    assert.match(text, /ai_gateway_requests_total\{route="native",model="huggingface\/HuggingFaceTB\/SmolVLM-Base",status="502"\} 1\b/);
    assert.match(text, /ai_gateway_requests_total\{route="native",model="huggingface\/HuggingFaceTB\/SmolVLM-Base",status="504"\} 1\b/);
    assert.match(text, /ai_gateway_requests_total\{route="chat",model="huggingface\/tgi-model",status="502"\} 1\b/);
    assert.match(text, /ai_gateway_upstream_failures_total\{route="native",cause="reset"\} 1\b/);
    assert.match(text, /ai_gateway_upstream_failures_total\{route="native",cause="timeout"\} 1\b/);
    assert.match(text, /ai_gateway_upstream_failures_total\{route="chat",cause="timeout"\} 1\b/);
  });
});

describe('stream headers: with the first event, or on their own when it is late', () => {
  it('the first event comes late: the 200 headers reach the client long before it', async () => {
    const t0 = performance.now();
    const { headersMs, firstMs } = await new Promise<{ headersMs: number; firstMs: number }>((resolve, reject) => {
      const req = request(`${GW}/late/generate_stream`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        const headersMs = performance.now() - t0;
        assert.equal(res.statusCode, 200);
        res.once('data', () => resolve({ headersMs, firstMs: performance.now() - t0 }));
        res.resume();
      });
      req.on('error', reject);
      req.end(NATIVE_STREAM);
    });
    assert.ok(firstMs >= LATE_FIRST_EVENT_MS - 20, `first event after ${firstMs} ms`);
    assert.ok(headersMs < LATE_FIRST_EVENT_MS - 400, `headers after ${headersMs} ms, the first event after ${firstMs} ms`);
  });

  it('a stream cut before its first event: the client still gets the 200 headers, then the cut', async () => {
    const r = await call(`${GW}/cut0/generate_stream`, NATIVE_STREAM);
    assert.equal(r.status, 200);
    assert.equal(r.complete, false, 'the client saw a complete response');
    assert.equal(dataEvents(r.body).length, 0, r.body);
  });
});

describe('every failed upstream call is logged once: route, URL without credentials, cause, latency', () => {
  it('connection refused → 502 and one ECONNREFUSED line', async () => {
    const r = await call(`${GW}/refused/generate?api_key=${PARAM_SECRET}`, '{"inputs":"x"}');
    assert.equal(r.status, 502);
    const lines = await failureLines(String(r.headers['x-kong-request-id']));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^ai-gateway: upstream call failed: route 'refused', POST http:\/\/127\.0\.0\.1:1\/generate\?api_key=…: ECONNREFUSED \(connection refused\) after \d+ ms; answered 502/);
  });

  it(`an upstream that never answers → 504 after read_timeout and one timeout line`, async () => {
    const r = await call(`${GW}/silent/generate`, '{"inputs":"x"}');
    assert.equal(r.status, 504);
    assert.ok(r.ms >= READ_TIMEOUT_MS - 100 && r.ms < READ_TIMEOUT_MS + 8000, `answered after ${r.ms} ms`);
    const lines = await failureLines(String(r.headers['x-kong-request-id']));
    assert.equal(lines.length, 1, lines.join('\n'));
    const m = /^ai-gateway: upstream call failed: route 'silent', POST http:\/\/127\.0\.0\.1:\d+\/generate: timeout \(no response headers within read_timeout 1500 ms\) after (\d+) ms; answered 504/.exec(lines[0]!);
    assert.ok(m, lines[0]);
    assert.ok(Number(m[1]) >= READ_TIMEOUT_MS - 100, lines[0]);
  });

  it('a successful call logs no failure line', async () => {
    const r = await call(`${GW}/native/generate`, '{"inputs":"fine"}', KEY);
    assert.equal(r.status, 200);
    await sleep(200);
    assert.ok(!gw.stderr().includes(String(r.headers['x-kong-request-id'])));
  });

  it('explain (CLI and GET /explain) shows the upstream URL a request would go to, without credentials', async () => {
    const cli = await runCommand(`${ROOT}bin/ai-gateway`, ['explain', '--config', configPath, '--method', 'POST', '--path', `/refused/generate?api_key=${PARAM_SECRET}`], {
      env: { ...process.env, ...env() },
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /^ {2}upstream: +POST http:\/\/127\.0\.0\.1:1\/generate\?api_key=… \(connect_timeout 1000 ms, write_timeout 60000 ms, read_timeout 1500 ms\)$/m);
    const json = await runCommand(`${ROOT}bin/ai-gateway`, ['explain', '--config', configPath, '--method', 'POST', '--path', `/native/generate_stream?apikey=${CONSUMER_KEY}`, '--json'], {
      env: { ...process.env, ...env() },
    });
    const report = JSON.parse(json.stdout) as { upstream: { url: string; method: string; read_timeout: number } };
    assert.equal(report.upstream.url, `${TGI}/generate_stream?apikey=…`);
    assert.equal(report.upstream.read_timeout, READ_TIMEOUT_MS);
    const chat = (await (await fetch(`${STATUS}/explain?method=POST&path=${encodeURIComponent('/chat/v1/chat/completions')}`)).json()) as { upstream: { url: string } };
    assert.equal(chat.upstream.url, `${TGI}/v1/chat/completions`);
    const plain = (await (await fetch(`${STATUS}/explain?method=GET&path=${encodeURIComponent('/plain/info')}`)).json()) as { upstream: { url: string } };
    assert.equal(plain.upstream.url, `${TGI}/info`);
    // The request line echoes the --path the user typed; the upstream never shows a credential,
    // and no secret from the configuration appears anywhere.
    const upstreamLine = /^ {2}upstream:.*$/m.exec(cli.stdout)![0];
    for (const s of SECRETS) assert.ok(!upstreamLine.includes(s) && !JSON.stringify(report.upstream).includes(s), 'explain showed a credential in the upstream URL');
    for (const s of [TOKEN, URL_PASSWORD]) assert.ok(!cli.stdout.includes(s) && !json.stdout.includes(s), 'explain printed a configured secret');
  });

  it('no token, param_value, URL password or consumer key anywhere in the gateway’s output', () => {
    const out = gw.stdout() + gw.stderr();
    assert.ok(out.includes('upstream call failed'), 'the failure lines were written');
    for (const s of SECRETS) assert.ok(!out.includes(s), `the gateway printed a secret (${s.slice(0, 3)}…)`);
  });
});
