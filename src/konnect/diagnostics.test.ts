import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePath, Diagnostics } from '../common/index.js';
import { addKonnectError, KonnectAuthError, KonnectConflictError, KonnectUnreachableError, KonnectValidationError } from './index.js';

test('Konnect errors become diagnostics a person can act on', () => {
  const d = new Diagnostics();
  assert.equal(addKonnectError(d, new Error('other')), false);
  addKonnectError(d, new KonnectAuthError({ method: 'GET', path: '/v2/control-planes/x', status: 401 }), { tokenSource: 'personal_access_token / KONNECT_TOKEN' });
  addKonnectError(d, new KonnectUnreachableError({ method: 'POST', path: '/v2/control-planes', url: 'http://127.0.0.1:9', reason: 'connect ECONNREFUSED 127.0.0.1:9' }));
  addKonnectError(
    d,
    new KonnectValidationError({ method: 'POST', path: '/v2/x/plugins', status: 400, requestId: 'r1', body: { invalidParameters: [{ field: 'config.model.provider', reason: 'required field missing' }], uniqueViolation: false } }),
    { action: 'create konnect_gateway_plugin_ai_proxy' },
  );
  addKonnectError(d, new KonnectConflictError({ method: 'POST', path: '/v2/control-planes', status: 409, body: { detail: 'exists', invalidParameters: [], uniqueViolation: false } }));
  const [auth, net, val, conflict] = d.toArray();
  assert.match(auth!.detail, /^Konnect rejected the token \(personal_access_token \/ KONNECT_TOKEN\)/);
  assert.equal(auth!.detail.match(/rejected the token/g)?.length, 1, 'said once');
  assert.match(net!.detail, /http:\/\/127\.0\.0\.1:9.*ECONNREFUSED.*server_url/);
  assert.ok(val!.path?.equals(AttributePath.of('config', 'model', 'provider')));
  assert.match(val!.detail, /required field missing.*request id r1/);
  assert.match(conflict!.detail, /terraform import/);
});
