// explain reads the request path exactly as the proxy does (router/normalize-path.ts): a `..`
// into a key-auth route is that route, `//hf/x` is the path /hf/x (not a host), and a path that
// climbs above / is the proxy's 400.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDeckFile } from '../sources/deck/index.js';
import { explainRequest } from './index.js';

const KONG = `_format_version: "3.0"
services:
  - name: s
    url: http://127.0.0.1:9
    routes:
      - { name: public, paths: [/public] }
      - name: secure
        paths: [/secure]
        plugins: [{ name: key-auth, config: { key_names: [apikey] } }]
consumers:
  - username: alice
    keyauth_credentials: [{ key: alice-key }]
`;

test('explain normalizes the path before routing, as the proxy does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'explain-path-'));
  writeFileSync(join(dir, 'kong.yaml'), KONG);
  const snapshot = await loadDeckFile(join(dir, 'kong.yaml'));
  for (const path of ['/public/../secure/data', '/public/%2E%2e/secure/data', '//secure/data', '/%73ecure/data?x=1']) {
    const r = explainRequest(snapshot, { method: 'GET', path });
    assert.equal(r.route?.name, 'secure', path);
    assert.equal(r.authentication.result, 'rejected', path);
    assert.match(r.request.path, /^\/secure\/data/, path);
  }
  const keyed = explainRequest(snapshot, { method: 'GET', path: '/public/%2e%2e/secure/data?apikey=alice-key' });
  assert.equal(keyed.consumer?.username, 'alice');
  const above = explainRequest(snapshot, { method: 'GET', path: '/secure/../../x' });
  assert.equal(above.route, null);
  assert.match(above.verdict, /^400 \{"message":"Bad request"\}: .*climb above/);
});
