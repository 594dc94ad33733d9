import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandServiceUrl } from './service-url.js';

const expand = (url: unknown, extra: Record<string, unknown> = {}) => expandServiceUrl({ name: 's', ...extra, url });

test('the url helper sets protocol, host, port and path the way Kong does', () => {
  const cases: [string, unknown[]][] = [
    ['http://127.0.0.1:9090', ['http', '127.0.0.1', 9090, null]],
    ['https://api.example', ['https', 'api.example', 443, null]],
    ['http://h/', ['http', 'h', 80, '/']],
    ['https://h:8443/v1/chat?x=1#frag', ['https', 'h', 8443, '/v1/chat']],
    ['http://user:pw@h:81/p;params', ['http', 'h', 81, '/p']],
    ['grpcs://[::1]:50051', ['grpcs', '::1', 50051, null]],
    ['wss://h', ['wss', 'h', 80, null]], // Kong: 443 only for https, 80 for every other scheme
    ['//h:443/x', ['https', 'h', 443, '/x']], // no scheme: inferred from the port
    ['ftp://h:21', ['ftp', 'h', 21, null]], // the schema then rejects the protocol
  ];
  for (const [url, want] of cases) {
    const res = expand(url);
    assert.ok(res.ok, url);
    const v = res.value;
    assert.deepEqual([v.protocol, v.host, v.port, v.path], want, url);
    assert.ok(!('url' in v), `${url}: url is input only`);
    assert.equal(v.name, 's');
  }
});

test('the url wins over protocol, host, port and path given alongside it (Kong: not a deprecated shorthand)', () => {
  const res = expand('http://a:1', { protocol: 'https', host: 'b', port: 2, path: '/kept?' });
  assert.ok(res.ok);
  assert.deepEqual([res.value.protocol, res.value.host, res.value.port, res.value.path], ['http', 'a', 1, null]);
});

test('absent or null url: nothing to expand; anything unusable names the url field', () => {
  assert.deepEqual(expandServiceUrl({ host: 'h' }), { ok: true, value: { host: 'h' } });
  assert.deepEqual(expandServiceUrl({ host: 'h', url: null }), { ok: true, value: { host: 'h' } });
  assert.deepEqual(expand(42), { ok: false, fields: { url: 'expected a string' } });
  assert.deepEqual(expand(''), { ok: false, fields: { url: 'length must be at least 1' } });
  for (const url of ['localhost:8080', '127.0.0.1:9090', '/just/a/path', 'http://'])
    assert.match(JSON.stringify(expand(url)), /missing host in url; write it as scheme:\/\/host/, url);
});
