import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatHandshakeLine,
  MAGIC_COOKIE_VALUE,
  cookieMatches,
  negotiateProtocolVersion,
  parseHandshakeLine,
} from './go-plugin-handshake.js';
import { reattachValue } from './reattach.js';

test('protocol negotiation picks 6 from either order; absent → our lowest; no overlap → an error naming the versions', () => {
  assert.deepEqual(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '5,6' }), { version: 6 });
  assert.deepEqual(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '6,5' }), { version: 6 });
  assert.deepEqual(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: ' 7, 6 ' }), { version: 6 });
  assert.deepEqual(negotiateProtocolVersion({}), { version: 6 });
  const r = negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '4,5' });
  assert.ok('error' in r);
  assert.match(r.error, /protocol 6.*PLUGIN_PROTOCOL_VERSIONS=4,5/s);
});

test('the cookie must match exactly', () => {
  assert.equal(cookieMatches({ TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE }), true);
  assert.equal(cookieMatches({ TF_PLUGIN_MAGIC_COOKIE: `${MAGIC_COOKIE_VALUE} ` }), false);
  assert.equal(cookieMatches({}), false);
});

test('handshake line: unpadded standard base64 of the DER, round trip through the host-side parser', () => {
  const der = Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 37 + 250) % 256)); // 100 bytes → base64 needs padding
  const line = formatHandshakeLine({ coreVersion: 1, protocolVersion: 6, network: 'tcp', address: '127.0.0.1:1234', protocol: 'grpc', serverCertDer: der });
  assert.ok(line.endsWith('\n'));
  const fields = line.trim().split('|');
  assert.deepEqual(fields.slice(0, 5), ['1', '6', 'tcp', '127.0.0.1:1234', 'grpc']);
  assert.ok(!fields[5]!.includes('='), 'no padding');
  assert.equal(Buffer.from(fields[5]!, 'base64').toString('hex'), der.toString('hex'));
  assert.deepEqual(parseHandshakeLine(line).serverCertDer, der);

  const plain = formatHandshakeLine({ coreVersion: 1, protocolVersion: 6, network: 'tcp', address: '127.0.0.1:1', protocol: 'grpc' });
  assert.equal(plain, '1|6|tcp|127.0.0.1:1|grpc|\n');
  assert.equal(parseHandshakeLine(plain).serverCertDer, undefined);
  assert.throws(() => parseHandshakeLine('hello'), /Unrecognized remote plugin message: hello/);
  assert.throws(() => parseHandshakeLine('1|6|tcp|127.0.0.1:1'), /Unsupported plugin protocol "netrpc"/);
});

test('reattach value: Test true and protocol 6, keyed by the provider address', () => {
  const v = JSON.parse(reattachValue('registry.terraform.io/kong/konnect', '127.0.0.1:5', 42));
  assert.deepEqual(v, {
    'registry.terraform.io/kong/konnect': { Protocol: 'grpc', ProtocolVersion: 6, Pid: 42, Test: true, Addr: { Network: 'tcp', String: '127.0.0.1:5' } },
  });
});
