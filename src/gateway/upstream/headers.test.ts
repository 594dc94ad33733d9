// The headers of a proxied request, in wire order: the gateway's own (injected auth first), Kong's
// X-Forwarded-* / X-Real-IP / Via / X-Kong-Request-Id / Host, then the client's minus hop-by-hop,
// dropped and already-set names. The gateway's own headers win over Kong's of the same name.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { VIA } from '../kong/version.js';
import { upstreamRequestHeaders } from './index.js';

const request = (headers: Record<string, string | string[]>): IncomingMessage =>
  ({ headers, socket: { remoteAddress: '10.0.0.7', localPort: 8000 } }) as unknown as IncomingMessage;

test('gateway headers first, then Kong’s, then the client’s minus hop-by-hop, dropped and Kong-set names', () => {
  const req = request({
    host: 'gw.example:8000',
    connection: 'keep-alive',
    'content-length': '12',
    authorization: 'Bearer client-own',
    'x-forwarded-for': '192.0.2.1',
    'x-forwarded-proto': 'https',
    via: '1.0 client-proxy',
    'x-drop-me': 'gone',
    accept: 'text/event-stream',
    'set-cookie': ['a=1', 'b=2'],
  });
  const out = upstreamRequestHeaders(req, 'upstream.example:9000', 'rid-1', new Set(['x-drop-me']), { authorization: 'Bearer injected', 'content-type': 'application/json' });
  assert.deepEqual(Object.entries(out), [
    ['authorization', 'Bearer injected'],
    ['content-type', 'application/json'],
    ['x-forwarded-for', '192.0.2.1, 10.0.0.7'],
    ['x-forwarded-proto', 'http'],
    ['x-forwarded-host', 'gw.example'],
    ['x-forwarded-port', '8000'],
    ['x-real-ip', '10.0.0.7'],
    ['via', VIA],
    ['x-kong-request-id', 'rid-1'],
    ['host', 'upstream.example:9000'],
    ['accept', 'text/event-stream'],
    ['set-cookie', ['a=1', 'b=2']],
  ]);
});

test('a gateway header naming one of Kong’s replaces it, in the gateway’s place', () => {
  const req = request({ host: '[::1]:8000', 'x-real-ip': '198.51.100.9', accept: '*/*' });
  const out = upstreamRequestHeaders(req, 'up', 'rid-2', new Set(), { 'x-forwarded-for': 'set-by-plugin', host: 'vendor.example' });
  assert.deepEqual(Object.entries(out), [
    ['x-forwarded-for', 'set-by-plugin'],
    ['host', 'vendor.example'],
    ['x-forwarded-proto', 'http'],
    ['x-forwarded-host', '[::1]'],
    ['x-forwarded-port', '8000'],
    ['x-real-ip', '10.0.0.7'],
    ['via', VIA],
    ['x-kong-request-id', 'rid-2'],
    ['accept', '*/*'],
  ]);
});

test('without gateway headers: Kong’s first; an empty X-Forwarded-For from the client is replaced', () => {
  const out = upstreamRequestHeaders(request({ host: 'h', 'x-forwarded-for': '' }), 'up', 'rid-3', new Set());
  assert.deepEqual(Object.keys(out), ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip', 'via', 'x-kong-request-id', 'host']);
  assert.equal(out['x-forwarded-for'], '10.0.0.7');
});
