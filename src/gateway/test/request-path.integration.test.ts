// Issue 12 item 1 over real HTTP through bin/ai-gateway: the path is normalized before routing,
// so no spelling of `..` walks from a plugin-less route into a key-auth route's upstream, and the
// upstream receives the normalized path. Requests are sent byte for byte (like curl --path-as-is).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { sendAsIs, startRecordingUpstream, type RecordingUpstream } from './recording-upstream.js';

const CONFIG = `_format_version: "3.0"
services:
  - name: public-svc
    url: \${{ env "DECK_UPSTREAM_URL" }}/public-upstream
    routes:
      - name: public
        paths: [/public]
  - name: secure-svc
    url: \${{ env "DECK_UPSTREAM_URL" }}/secure-upstream
    routes:
      - name: secure
        paths: [/secure]
        plugins:
          - name: key-auth
            config: { key_names: [apikey] }
      - name: items
        paths: ['~/items/\\d+$']
        plugins:
          - name: key-auth
            config: { key_names: [apikey] }
  - name: hf-svc
    url: http://localhost:8080
    routes:
      - name: hf
        paths: [/hf]
        plugins:
          - name: key-auth
            config: { key_names: [apikey] }
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              auth: { header_name: Authorization, header_value: Bearer hf_path_test }
              model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_UPSTREAM_URL" }}" } }
consumers:
  - username: alice
    keyauth_credentials:
      - key: alice-key
`;

let upstream: RecordingUpstream;
let gw: StartedProcess;
let GW: string;
const KEY = { apikey: 'alice-key' };
const GENERATE = '{"inputs":"path test","parameters":{"max_new_tokens":1}}';

/** Sends one request and returns its answer with what the upstream received for it (or null). */
async function call(target: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  const before = upstream.arrived.length;
  const res = await sendAsIs(GW, target, { method, headers, ...(body !== undefined ? { body } : {}) });
  const got = upstream.arrived.slice(before);
  assert.ok(got.length <= 1, `one request reached the upstream ${got.length} times`);
  return { res, upstream: got[0] ?? null };
}

const header = (r: { headers: readonly (readonly [string, string])[] }, name: string) => r.headers.find(([n]) => n.toLowerCase() === name)?.[1];

before(async () => {
  upstream = await startRecordingUpstream();
  gw = await startGatewayProcess(tempFile('kong.yaml', CONFIG), { DECK_UPSTREAM_URL: upstream.url });
  GW = gw.listeners.get('proxy')!;
});

after(async () => {
  await gw?.kill();
  await upstream?.close();
});

describe('path normalization before routing (key-auth cannot be bypassed)', () => {
  const TRAVERSALS = [
    '/public/../secure/data',
    '/public/%2e%2e/secure/data',
    '/public/%2E%2E/secure/data',
    '/public/%2E%2e/secure/data',
    '/public/.%2e/secure/data',
    '/public/%2e./secure/data',
    '/public/./../secure/data',
    '/public/%2e/%2e%2e/secure/data',
    '/public//..//secure/data',
    '/%70ublic/%2e%2e/secure/data',
    '/public/x/../../secure/data',
    '/secure/./data',
    '//secure/data',
    '/%73ecure/data',
  ];

  for (const target of TRAVERSALS) {
    it(`${target} is the /secure route: Kong's 401 without a key, nothing proxied`, async () => {
      const { res, upstream: got } = await call(target);
      assert.equal(res.status, 401, `${target} answered ${res.status}: ${res.body}`);
      assert.deepEqual(JSON.parse(res.body), { message: 'No API key found in request' });
      assert.equal(got, null, `${target} reached the upstream at ${got?.url}`);
    });
  }

  it('with the key, each of them reaches the /secure upstream with the normalized path and alice identified', async () => {
    for (const target of TRAVERSALS) {
      const { res, upstream: got } = await call(target, KEY);
      assert.equal(res.status, 200, `${target}: ${res.body}`);
      assert.equal(got?.url, '/secure-upstream/data', target);
      assert.equal(header(got!, 'x-consumer-username'), 'alice', target);
    }
  });

  it('a path climbing above / is Kong’s 400, and nothing is proxied', async () => {
    for (const target of ['/secure/../../x', '/..', '/%2e%2e/secure/data', '/public/%2E%2E/%2e%2e/..', '/public/../../secure/data']) {
      const { res, upstream: got } = await call(target, KEY);
      assert.equal(res.status, 400, `${target} answered ${res.status}: ${res.body}`);
      const body = JSON.parse(res.body) as { message: string; request_id: string };
      assert.equal(body.message, 'Bad request');
      assert.match(body.request_id, /^[0-9a-f]{32}$/);
      assert.equal(got, null, target);
    }
  });

  it('a malformed escape is a 400 too', async () => {
    const { res, upstream: got } = await call('/public/%zz/x');
    assert.equal(res.status, 400);
    assert.equal(got, null);
  });

  it('an encoded slash is not a separator: /public/..%2Fsecure stays on /public, forwarded still encoded', async () => {
    for (const target of ['/public/..%2Fsecure/data', '/public/..%2fsecure/data', '/public/%2e%2e%2fsecure/data']) {
      const { res, upstream: got } = await call(target);
      assert.equal(res.status, 200, `${target}: ${res.body}`);
      assert.equal(got?.url, '/public-upstream/..%2Fsecure/data', target);
    }
  });

  it('the upstream receives the normalized path; the query string is forwarded untouched', async () => {
    const { res, upstream: got } = await call('/public/a/./b//c/../d?x=%2e%2e&y=/../', {});
    assert.equal(res.status, 200);
    assert.equal(got?.url, '/public-upstream/a/b/d?x=%2e%2e&y=/../');
  });

  it('regex routes (~/items/\\d+$) match the normalized path, key-auth included', async () => {
    for (const target of ['/public/../items/12', '/items/%31%32', '/items/12/../13', '/./items//12']) {
      const without = await call(target);
      assert.equal(without.res.status, 401, `${target} answered ${without.res.status}: ${without.res.body}`);
      assert.equal(without.upstream, null, target);
      const withKey = await call(target, KEY);
      assert.equal(withKey.res.status, 200, `${target}: ${withKey.res.body}`);
      assert.equal(withKey.upstream?.url, '/secure-upstream', target);
    }
  });

  it('/./hf/generate, //hf/generate and /%68f/generate match /hf (key-auth, then ai-proxy to /generate)', async () => {
    for (const target of ['/./hf/generate', '//hf/generate', '/%68f/generate', '/hf/./generate', '/hf/x/../generate', '/hf/%67enerate']) {
      const without = await call(target, {}, 'POST', GENERATE);
      assert.equal(without.res.status, 401, `${target} answered ${without.res.status}: ${without.res.body}`);
      assert.equal(without.upstream, null);
      const { res, upstream: got } = await call(target, KEY, 'POST', GENERATE);
      assert.equal(res.status, 200, `${target}: ${res.body}`);
      assert.equal(got?.url, '/generate', target);
      assert.equal(header(got!, 'authorization'), 'Bearer hf_path_test');
    }
  });
});
