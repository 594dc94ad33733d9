import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consumerGroupSchema,
  consumerGroupView,
  consumerSchema,
  consumerView,
  keyAuthCredentialSchema,
  routeSchema,
  routeView,
  serviceSchema,
  serviceView,
} from './index.js';
import { diffWithOfficial, officialResource } from '../testdata/official-schema.js';

const official = (name: string) => {
  const attrs = officialResource(name);
  delete attrs.control_plane_id;
  return attrs;
};

test('entity tables match the official provider resources attribute by attribute', () => {
  assert.deepEqual(diffWithOfficial(serviceView, official('konnect_gateway_service')), []);
  assert.deepEqual(diffWithOfficial(routeView, official('konnect_gateway_route')), []);
  assert.deepEqual(diffWithOfficial(consumerView, official('konnect_gateway_consumer')), []);
  assert.deepEqual(diffWithOfficial(consumerGroupView, official('konnect_gateway_consumer_group')), []);
});

test('service defaults are Kong defaults; unset fields are null', () => {
  const res = serviceSchema.validate({ host: 'httpbin.org' });
  assert.ok(res.ok);
  assert.deepEqual(
    { ...res.value },
    {
      id: null, created_at: null, updated_at: null, name: null, retries: 5, protocol: 'http', host: 'httpbin.org', port: 80,
      path: null, connect_timeout: 60000, write_timeout: 60000, read_timeout: 60000, tags: null, client_certificate: null,
      tls_verify: null, tls_verify_depth: null, ca_certificates: null, tls_sans: null, enabled: true,
    },
  );
  const bad = serviceSchema.validate({ port: 70000, protocol: 'ftp', path: 'x' });
  assert.ok(!bad.ok);
  assert.deepEqual(bad.fields, {
    host: 'required field missing',
    port: 'value should be between 0 and 65535',
    protocol: 'expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp, ws, wss',
    path: 'should start with: /',
  });
});

test('route defaults and the must-set-one-of rule', () => {
  const res = routeSchema.validate({ paths: ['/a'] });
  assert.ok(res.ok);
  const r = res.value;
  assert.deepEqual(r.protocols, ['http', 'https']);
  assert.equal(r.https_redirect_status_code, 426);
  assert.equal(r.path_handling, 'v0');
  assert.equal(r.regex_priority, 0);
  assert.equal(r.strip_path, true);
  assert.equal(r.preserve_host, false);
  assert.equal(r.request_buffering, true);
  assert.equal(r.response_buffering, true);
  assert.equal(r.methods, null);
  const none = routeSchema.validate({});
  assert.ok(!none.ok);
  assert.deepEqual(none.fields, { '@entity': ["must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'"] });
  const https = routeSchema.validate({ protocols: ['https'], paths: [] });
  assert.ok(!https.ok);
  assert.deepEqual(https.fields['@entity'], [
    "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'",
  ]);
  const code = routeSchema.validate({ paths: ['/'], https_redirect_status_code: 303 });
  assert.ok(!code.ok);
  assert.deepEqual(code.fields, { https_redirect_status_code: 'expected one of: 426, 301, 302, 307, 308' });
});

test('consumer needs username or custom_id; groups need a name; credentials need a consumer', () => {
  const c = consumerSchema.validate({ tags: ['a'] });
  assert.ok(!c.ok);
  assert.deepEqual(c.fields, { '@entity': ["at least one of these fields must be non-empty: 'custom_id', 'username'"] });
  assert.ok(consumerSchema.validate({ custom_id: 'alice' }).ok);
  const g = consumerGroupSchema.validate({});
  assert.ok(!g.ok);
  assert.deepEqual(g.fields, { name: 'required field missing' });
  const k = keyAuthCredentialSchema.validate({ key: 'k' });
  assert.ok(!k.ok);
  assert.deepEqual(k.fields, { consumer: 'required field missing' });
});
