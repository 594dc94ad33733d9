// Streaming through the gateway per provider, side by side in one run: bin/mock-llm streams 50
// tokens 5 ms apart, read by a raw HTTP client either straight from the mock in the vendor's own
// API (the floor) or through bin/ai-gateway on an OpenAI-format chat route of openai, anthropic
// (SSE translated) and bedrock (binary event stream decoded, translated, SigV4-signed), rows
// interleaved in rounds, one stream at a time. Prints the median time to the first and the last
// event and what the gateway adds over the same vendor straight: at the first event, and per
// streamed event; exits non-zero when it adds more than 1 ms per event (issue #13's target).
import { request } from 'node:http';
import { startGatewayProcess, tempFile } from '../src/gateway/test/harness.js';
import { startMockLlm } from '../src/gateway/test/mock-llm-process.js';

const TOKENS = 50;
const DELAY_MS = 5;
const ROUNDS = 15;
const LIMIT_MS_PER_EVENT = 1;
const KEY = 'sk-bench-Secret';
const AKID = 'AKIABENCH';
const SECRET = 'bench/Secret';

// bedrock unchecked at the mock (no key pair given to it), so the direct row needs no signature; the gateway still signs
const mock = await startMockLlm(['--key', KEY, '--token-delay-ms', String(DELAY_MS)]);
const route = (path: string, provider: string, name: string, auth: string, options: Record<string, unknown>) => `
      - name: r${path.slice(1)}
        paths: [${path}]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: ${auth}
              model: { provider: ${provider}, name: "${name}", options: ${JSON.stringify(options)} }`;
const kong = `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:${route('/openai', 'openai', 'gpt-4o', `{ header_name: Authorization, header_value: "Bearer ${KEY}" }`, { upstream_url: `${mock.url}/v1/chat/completions` })}${route('/anthropic', 'anthropic', 'claude-x', `{ header_name: x-api-key, header_value: "${KEY}" }`, { upstream_url: `${mock.url}/v1/messages`, anthropic_version: '2023-06-01' })}${route('/bedrock', 'bedrock', 'anthropic.claude-3-haiku-20240307-v1:0', `{ aws_access_key_id: ${AKID}, aws_secret_access_key: "${SECRET}" }`, { upstream_url: mock.url, bedrock: { aws_region: 'us-east-1' } })}
`;
const gw = await startGatewayProcess(tempFile('kong.yaml', kong), {});
const GW = gw.listeners.get('proxy')!;
const prompt = Array.from({ length: TOKENS }, (_, i) => `w${i}`).join(' ');
const bodyOf = (model?: string) => JSON.stringify({ ...(model ? { model } : {}), messages: [{ role: 'user', content: prompt }], max_tokens: TOKENS, stream: true });

/** One stream: ms to the first and the last body chunk, and the events seen (`data:` lines). */
function stream(url: string, headers: Record<string, string>, body: string): Promise<{ first: number; last: number; events: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let first = 0;
    let last = 0;
    let text = '';
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
      res.on('data', (d: Buffer) => {
        last = performance.now() - start;
        if (first === 0) first = last;
        text += d.toString();
      });
      res.on('end', () => resolve({ first, last, events: text.split('\ndata: ').length }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const converse = JSON.stringify({ messages: [{ role: 'user', content: [{ text: prompt }] }], inferenceConfig: { maxTokens: TOKENS } });
const messages = JSON.stringify({ model: 'claude-x', max_tokens: TOKENS, stream: true, messages: [{ role: 'user', content: prompt }] });
/** [row, url, headers, body]: each vendor's own stream straight from the mock, and the gateway's OpenAI stream of it. */
const ROWS: [string, string, Record<string, string>, string][] = [
  ['openai direct', `${mock.url}/v1/chat/completions`, { authorization: `Bearer ${KEY}` }, bodyOf('gpt-4o')],
  ['openai gateway', `${GW}/openai`, {}, bodyOf()],
  ['anthropic direct', `${mock.url}/v1/messages`, { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' }, messages],
  ['anthropic gateway', `${GW}/anthropic`, {}, bodyOf()],
  ['bedrock direct', `${mock.url}/model/m/converse-stream`, {}, converse],
  ['bedrock gateway', `${GW}/bedrock`, {}, bodyOf()],
];
const samples = new Map(ROWS.map(([name]) => [name, [] as { first: number; last: number; events: number }[]]));
try {
  for (const [, url, h, b] of ROWS) await stream(url, h, b); // warm-up: connections, JIT
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url, h, b] of round % 2 === 0 ? ROWS : [...ROWS].reverse()) samples.get(name)!.push(await stream(url, h, b));
  }
} finally {
  await Promise.all([gw.kill(), mock.proc.kill()]);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`${TOKENS}-token streams, ${DELAY_MS} ms per token, one at a time, median of ${ROUNDS} interleaved rounds`);
console.log('row                 first event ms  last event ms  gateway added: first event ms, per event ms (vs the same vendor direct)');
let missed = false;
for (const [name] of ROWS) {
  const s = samples.get(name)!;
  const first = median(s.map((x) => x.first));
  const last = median(s.map((x) => x.last));
  let added = '';
  if (name.endsWith('gateway')) {
    const d = samples.get(name.replace('gateway', 'direct'))!;
    const perEvent = (last - median(d.map((x) => x.last))) / TOKENS;
    added = `${(first - median(d.map((x) => x.first))).toFixed(1).padStart(8)}, ${perEvent.toFixed(3)}`;
    if (perEvent > LIMIT_MS_PER_EVENT) missed = true;
  }
  console.log(`${name.padEnd(19)} ${first.toFixed(1).padStart(14)}  ${last.toFixed(1).padStart(13)}  ${added}`);
}
console.log(`added delay per streamed event: target ≤ ${LIMIT_MS_PER_EVENT} ms ${missed ? 'MISSED' : 'met'}`);
if (missed) process.exitCode = 1;
