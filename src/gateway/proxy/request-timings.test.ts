// The per-request timeline on the `ai-gateway:request-timings` diagnostics channel (what
// bench/stream-timeline.bench.ts reads): published once per request while someone subscribes —
// the stages that ran, in order, each with the time it finished, and the upstream call's marks
// in the order a stream reaches them — and nothing recorded when nobody listens.
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { startMock, type StartedMock } from '../../mock-llm/mock.test-helper.js';
import { startGateway, type Gateway } from '../server/index.js';
import { DeckSource } from '../sources/deck/source.js';
import { STAGES, type RequestTimings } from './handler.js';
import { setLogWriter } from './index.js';

const KEY = 'sk-timings-Secret-1';
let mock: StartedMock;
let gw: Gateway;
let GW: string;

before(async () => {
  setLogWriter(() => undefined);
  mock = await startMock({ keys: { openai: KEY }, tokenDelayMs: 20 });
  const file = join(mkdtempSync(join(tmpdir(), 'request-timings-')), 'kong.yaml');
  writeFileSync(
    file,
    `_format_version: "3.0"
services:
  - name: s
    url: http://localhost:1
    routes:
      - name: chat
        paths: [/chat]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { header_name: Authorization, header_value: "Bearer ${KEY}" }
              model: { provider: openai, name: gpt-4o, options: { upstream_url: "${mock.url}/v1/chat/completions" } }
`,
  );
  gw = await startGateway(new DeckSource(file, { watchIntervalMs: 0 }), { log: () => undefined });
  GW = await gw.listen('127.0.0.1', 0);
});
after(async () => {
  await gw?.close();
  await mock?.close();
});

async function stream(): Promise<void> {
  const res = await request(`${GW}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'one two three' }], max_tokens: 3, stream: true }),
  });
  assert.equal(res.statusCode, 200);
  await res.body.text();
}

test('a stream publishes every stage in order, then the upstream call, its headers and the first byte in time order', async () => {
  const seen: RequestTimings[] = [];
  const onMessage = (m: unknown) => void seen.push(m as RequestTimings);
  subscribe('ai-gateway:request-timings', onMessage);
  try {
    await stream();
    await new Promise((r) => setImmediate(r)); // published in the handler's finally, after the last byte
  } finally {
    unsubscribe('ai-gateway:request-timings', onMessage);
  }
  assert.equal(seen.length, 1);
  const t = seen[0]!;
  assert.deepEqual(
    t.stages.map(([name]) => name),
    STAGES.map(([name]) => name),
  );
  let previous = t.startNs;
  for (const [name, at] of t.stages) {
    assert.ok(at >= previous, `${name} finished before the stage ahead of it`);
    previous = at;
  }
  const done = (name: string) => t.stages.find(([n]) => n === name)![1];
  assert.ok(t.upstreamStartNs >= done('inject-auth') && t.upstreamStartNs <= done('forward'));
  assert.ok(t.upstreamHeadersNs > t.upstreamStartNs && t.upstreamHeadersNs <= done('forward'));
  // the mock waits 20 ms before each token: the first byte comes after the headers, the end much later
  assert.ok(t.firstByteNs > t.upstreamHeadersNs);
  assert.ok(done('respond') - t.firstByteNs >= 20_000_000n, 'respond ends with the stream, after the later tokens');
});

test('nothing is published without a subscriber', async () => {
  const seen: unknown[] = [];
  const onMessage = (m: unknown) => void seen.push(m);
  subscribe('ai-gateway:request-timings', onMessage);
  unsubscribe('ai-gateway:request-timings', onMessage);
  await stream();
  assert.equal(seen.length, 0);
});
