// write_timeout end to end (needs `make build`): bin/ai-gateway in front of a target that accepts
// the connection and never reads it, and of bin/mock-llm. The request body (8 MiB; the plugins'
// max_request_body_size raised to 32 MiB) is larger than what loopback's socket buffers take
// (~4 MiB), so its write stalls: the try fails after config.balancer.write_timeout (400 ms) —
// nginx's proxy_send_timeout — not after read_timeout (20 s), as the `timeout` criterion; it
// fails over to the next target, or, with none, the client gets Kong's 504. A plain ai-proxy
// route gets its service's write_timeout the same way.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { startMockLlm, type MockLlmProcess } from './mock-llm-process.js';

const WRITE_TIMEOUT_MS = 400;
const READ_TIMEOUT_MS = 20_000;
/**
 * Well under read_timeout: the failure came from write_timeout. Generous for a loaded machine
 * (8 MiB is read, parsed and translated by the gateway, and again by the next target); before
 * write_timeout was enforced every case took read_timeout, 21–23 s.
 */
const WITHIN_MS = 12_000;
const MAX_BODY = 32 * 1024 * 1024;
const BODY = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(8 * 1024 * 1024) }] });

const target = (up: string, model: string, weight: number) =>
  `{ route_type: llm/v1/chat, weight: ${weight}, model: { provider: openai, name: ${model}, options: { upstream_url: "${up}/v1/chat/completions" } } }`;
const balancer = `{ algorithm: priority, failover_criteria: [timeout, non_idempotent], write_timeout: ${WRITE_TIMEOUT_MS}, read_timeout: ${READ_TIMEOUT_MS} }`;

function config(deaf: string, up: string): string {
  const advanced = (name: string, targets: string[]) => `      - name: ${name}
        paths: [/${name}]
        plugins:
          - name: ai-proxy-advanced
            config:
              max_request_body_size: ${MAX_BODY}
              targets: [${targets.join(', ')}]
              balancer: ${balancer}`;
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
${advanced('wt-failover', [target(deaf, 'wt-deaf', 100), target(up, 'wt-served', 50)])}
${advanced('wt-alone', [target(deaf, 'wt-deaf-alone', 100)])}
  - name: plain
    url: http://localhost:1
    write_timeout: ${WRITE_TIMEOUT_MS}
    read_timeout: ${READ_TIMEOUT_MS}
    routes:
      - name: plain-deaf
        paths: [/plain-deaf]
        plugins:
          - name: ai-proxy
            config: { route_type: llm/v1/chat, max_request_body_size: ${MAX_BODY}, model: { provider: openai, name: plain-deaf, options: { upstream_url: "${deaf}/v1/chat/completions" } } }
`;
}

let deafServer: Server;
const deafSockets: Socket[] = [];
let mock: MockLlmProcess;
let gw: StartedProcess;
let GW: string;
let STATUS: string;

before(async () => {
  deafServer = createServer((s) => {
    s.pause(); // accepts, never reads
    deafSockets.push(s);
  });
  await new Promise<void>((r) => deafServer.listen(0, '127.0.0.1', r));
  const deaf = `http://127.0.0.1:${(deafServer.address() as AddressInfo).port}`;
  mock = await startMockLlm([]);
  gw = await startGatewayProcess(tempFile('kong.yaml', config(deaf, mock.url)), {});
  GW = gw.listeners.get('proxy')!;
  STATUS = gw.listeners.get('status')!;
});
after(async () => {
  for (const s of deafSockets) s.destroy();
  await Promise.all([gw?.kill(), mock?.proc.kill(), new Promise((r) => deafServer?.close(r))]);
});

async function timed(path: string) {
  const t0 = Date.now();
  const r = await send(`${GW}${path}`, { body: BODY });
  return { r, ms: Date.now() - t0 };
}

const logLines = (re: RegExp) => gw.stderr().split('\n').filter((l) => re.test(l));

async function metric(re: RegExp): Promise<number> {
  const text = await (await fetch(`${STATUS}/metrics`)).text();
  return text.split('\n').filter((l) => re.test(l)).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe(`config.balancer.write_timeout ${WRITE_TIMEOUT_MS} ms, read_timeout ${READ_TIMEOUT_MS} ms, a target that never reads an 8 MiB request`, () => {
  it('the try fails as `timeout` (a write timeout) within about write_timeout and fails over to the next target', async () => {
    const { r, ms } = await timed('/wt-failover');
    assert.equal(r.status, 200, r.body.toString('utf8').slice(0, 300));
    assert.equal(r.headers['x-kong-llm-model'], 'openai/wt-served');
    assert.ok(ms >= WRITE_TIMEOUT_MS && ms < WITHIN_MS, `answered after ${ms} ms`);
    const line = logLines(/try 1 on targets\[0\] openai\/wt-deaf /)[0] ?? '';
    const m = /failed: timeout \(write_timeout: the upstream took no part of the request within write_timeout 400 ms\) after (\d+) ms; failing over to targets\[1\] openai\/wt-served/.exec(line);
    assert.ok(m, line);
    assert.ok(Number(m[1]) >= WRITE_TIMEOUT_MS && Number(m[1]) < WITHIN_MS, line);
    assert.equal(await metric(/^ai_gateway_ai_target_failures_total\{.*ai_model="wt-deaf".*criterion="timeout".*outcome="failover"/), 1);
    assert.equal(await metric(/^ai_gateway_upstream_failures_total\{route="wt-failover",cause="write_timeout"\}/), 1, 'its own cause, apart from connect/read timeouts');
  });

  it("with no other target the client gets Kong's 504 within about write_timeout", async () => {
    const { r, ms } = await timed('/wt-alone');
    assert.equal(r.status, 504);
    assert.equal((json(r) as { message: string }).message, 'The upstream server is timing out');
    assert.ok(ms >= WRITE_TIMEOUT_MS && ms < WITHIN_MS, `answered after ${ms} ms`);
    const lines = logLines(/try 1 on targets\[0\] openai\/wt-deaf-alone /);
    assert.equal(lines.length, 1, gw.stderr().slice(-2000));
    assert.match(lines[0]!, /failed: timeout \(write_timeout: the upstream took no part of the request within write_timeout 400 ms\) after \d+ ms; no other target is available .*; the client gets a 504/);
  });

  it("a plain ai-proxy route: the service's write_timeout, Kong's 504 and one failure line", async () => {
    const { r, ms } = await timed('/plain-deaf');
    assert.equal(r.status, 504);
    assert.ok(ms >= WRITE_TIMEOUT_MS && ms < WITHIN_MS, `answered after ${ms} ms`);
    const id = String(r.headers['x-kong-request-id']);
    await new Promise((res) => setTimeout(res, 100));
    const lines = logLines(new RegExp(`upstream call failed: route 'plain-deaf'.*\\(request ${id}\\)`));
    assert.equal(lines.length, 1, gw.stderr().slice(-2000));
    assert.match(lines[0]!, /: write_timeout \(the upstream took no part of the request within write_timeout 400 ms\) after \d+ ms; answered 504/);
    assert.equal(await metric(/^ai_gateway_upstream_failures_total\{route="plain-deaf",cause="write_timeout"\}/), 1);
  });
});
