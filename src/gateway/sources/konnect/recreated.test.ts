// A control plane deleted and created again under the same name (terraform destroy + apply), end
// to end: the real bin/mock-konnect (in memory), bin/mock-tgi accepting an old and a new token,
// and bin/ai-gateway started with --control-plane NAME and the default worker count. While the
// control plane is missing the gateway keeps serving its last good configuration and says so once
// (log and /status); when it is back under a new id, the gateway finds it by name and sends the
// new token, and says once that the outage ended.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { killStartedProcesses, startProcess, startServer } from '../../../testing/index.js';
import type { RecordedRequest } from '../../../testing/tgi/index.js';
import { ROOT } from '../../test/harness.js';

after(killStartedProcesses);

const KONNECT_TOKEN = 'kpat_recreated_Secret_5b1c';
const OLD = 'hf_recreated_old_Secret_77a1';
const NEW = 'hf_recreated_new_Secret_91c3';
const CP_NAME = 'hf-recreated';
const POLL_MS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** The Konnect API calls a user (or terraform apply) makes: control plane, service, route, ai-proxy plugin. */
async function createControlPlane(konnect: string, tgi: string, hfToken: string): Promise<string> {
  const call = async (method: string, path: string, body?: unknown): Promise<{ id: string }> => {
    const res = await fetch(`${konnect}${path}`, {
      method,
      headers: { authorization: `Bearer ${KONNECT_TOKEN}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as { id: string }) : { id: '' };
  };
  const cp = await call('POST', '/v2/control-planes', { name: CP_NAME });
  const base = `/v2/control-planes/${cp.id}/core-entities`;
  const service = await call('POST', `${base}/services`, { name: 'hf', host: 'localhost', port: 8080, protocol: 'http' });
  const route = await call('POST', `${base}/routes`, { name: 'hf-route', paths: ['/hf'], service: { id: service.id } });
  await call('POST', `${base}/plugins`, {
    name: 'ai-proxy',
    route: { id: route.id },
    config: {
      route_type: 'llm/v1/chat',
      llm_format: 'huggingface',
      auth: { header_name: 'Authorization', header_value: `Bearer ${hfToken}` },
      model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base', options: { upstream_url: tgi } },
    },
  });
  return cp.id;
}

test('a control plane deleted and re-created under the same name: last config kept while missing, then the new id and token', { timeout: 120_000 }, async (t) => {
  const konnect = await startServer(`${ROOT}bin/mock-konnect`, ['--listen', '127.0.0.1:0', '--in-memory', '--token', KONNECT_TOKEN], 'mock-konnect');
  const tgi = await startServer(`${ROOT}bin/mock-tgi`, ['--listen', '127.0.0.1:0', '--token', OLD, '--token', NEW], 'mock-tgi');
  const firstId = await createControlPlane(konnect.url, tgi.url, OLD);

  const env: NodeJS.ProcessEnv = { ...process.env, KONNECT_TOKEN };
  delete env['AI_GATEWAY_WORKERS'];
  const gw = startProcess(
    `${ROOT}bin/ai-gateway`,
    ['--konnect-url', konnect.url, '--control-plane', CP_NAME, '--poll-interval', `${POLL_MS}ms`, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0'],
    { env },
  );
  const proxy = /(http:\/\/\S+)/.exec(await gw.waitForLine(/^proxy listening on http:\/\/\S+$/, 30_000))![1]!;
  const status = /(http:\/\/\S+)/.exec(await gw.waitForLine(/^status listening on http:\/\/\S+$/, 30_000))![1]!;

  const generate = async (marker: string): Promise<RecordedRequest> => {
    const res = await fetch(`${proxy}/hf/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: marker, parameters: { max_new_tokens: 2 } }) });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const seen = ((await (await fetch(`${tgi.url}/__requests`)).json()) as RecordedRequest[]).findLast((r) => r.body.includes(marker));
    assert.ok(seen, `the TGI never received ${marker}`);
    return seen;
  };
  type SourceStatus = { state: string; controlPlaneId: string | null; lastError: { code: string; message: string } | null };
  const sourceStatus = async () => ((await (await fetch(`${status}/status`)).json()) as { source?: SourceStatus }).source;

  assert.equal((await generate('before the destroy')).tokenIndex, 0);
  assert.equal((await sourceStatus())?.controlPlaneId, firstId);

  // terraform destroy
  const del = await fetch(`${konnect.url}/v2/control-planes/${firstId}`, { method: 'DELETE', headers: { authorization: `Bearer ${KONNECT_TOKEN}` } });
  assert.equal(del.status, 204);
  const missing = await waitFor('/status to say the control plane is missing', async () => {
    const s = await sourceStatus();
    return s?.state === 'missing' ? s : undefined;
  });
  assert.equal(missing.lastError?.code, 'KONNECT_ERR_NOT_FOUND');
  assert.match(missing.lastError!.message, new RegExp(`control plane '${CP_NAME}'`));
  assert.equal((await generate('while it is missing')).tokenIndex, 0, 'the last good configuration is still served');
  await sleep(POLL_MS * 6); // several polls while it stays missing
  assert.equal((await generate('still missing')).tokenIndex, 0);
  const missingLines = () => gw.stderr().split('\n').filter((l) => l.includes(`control plane '${CP_NAME}'`) && /no longer exists/.test(l));
  assert.equal(missingLines().length, 1, `one line for the outage:\n${gw.stderr()}`);
  assert.doesNotMatch(gw.stderr(), /configuration rejected/, 'a missing control plane is not a rejected configuration');

  // terraform apply: same name, new id, new token
  const secondId = await createControlPlane(konnect.url, tgi.url, NEW);
  assert.notEqual(secondId, firstId);
  const t0 = performance.now();
  // A poll may land while the control plane is being re-created (four calls: control plane,
  // service, route, plugin) and apply that partial configuration until the next poll: a 404 or
  // a 401 from the TGI in between is the truth of that moment, not a failure.
  const attempt = async () => {
    const marker = `after the apply ${Math.random()}`;
    const res = await fetch(`${proxy}/hf/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: marker, parameters: { max_new_tokens: 2 } }) });
    await res.arrayBuffer();
    if (res.status !== 200) return undefined;
    const seen = ((await (await fetch(`${tgi.url}/__requests`)).json()) as RecordedRequest[]).findLast((r) => r.body.includes(marker));
    return seen?.tokenIndex === 1 ? true : undefined;
  };
  await waitFor('the new token at the TGI', attempt, POLL_MS * 3 + 10_000);
  t.diagnostic(`the new token arrived ${Math.round(performance.now() - t0)} ms after the control plane was re-created (poll interval ${POLL_MS} ms)`);
  const back = await sourceStatus();
  assert.equal(back?.state, 'ok');
  assert.equal(back?.controlPlaneId, secondId);
  await sleep(POLL_MS * 4);
  assert.equal((await generate('settled')).tokenIndex, 1, 'never the old token again');
  const foundLines = gw.stderr().split('\n').filter((l) => l.includes(`control plane '${CP_NAME}'`) && /found again/.test(l));
  assert.equal(foundLines.length, 1, `one line for the end of the outage:\n${gw.stderr()}`);
  assert.match(foundLines[0]!, new RegExp(secondId));
  assert.equal(missingLines().length, 1);

  for (const secret of [KONNECT_TOKEN, OLD, NEW]) assert.ok(!gw.stdout().includes(secret) && !gw.stderr().includes(secret), 'no token in the gateway output');
  await gw.kill();
});
