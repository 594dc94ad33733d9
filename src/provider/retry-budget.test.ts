// KONNECT_RETRY_BUDGET reaches the client's retry policy; a malformed value is a configuration
// error naming the variable, before any call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreEmulator } from '../framework/core-checks/index.js';
import { KonnectProvider } from './index.js';

const TOKEN = 'kpat_RetryBudget_Unit_0123456789';

function configured(env: NodeJS.ProcessEnv) {
  const server = new KonnectProvider({ env: { KONNECT_TOKEN: TOKEN, ...env } });
  return { server, core: new CoreEmulator(server) };
}

const policy = (server: KonnectProvider) => (server.state.providerData as { client: { policy: { maxElapsedMs: number } } }).client.policy;

test('KONNECT_RETRY_BUDGET sets the time budget of every call; unset, it is 60 s', async () => {
  const a = configured({ KONNECT_RETRY_BUDGET: '90s' });
  assert.deepEqual(await a.core.configure({ server_url: 'http://127.0.0.1:9' }), []);
  assert.equal(policy(a.server).maxElapsedMs, 90_000);
  const b = configured({});
  assert.deepEqual(await b.core.configure({ server_url: 'http://127.0.0.1:9' }), []);
  assert.equal(policy(b.server).maxElapsedMs, 60_000);
});

test('a malformed KONNECT_RETRY_BUDGET is a configuration error naming the variable and the expected form', async () => {
  const { server, core } = configured({ KONNECT_RETRY_BUDGET: 'a while' });
  const diags = await core.configure({ server_url: 'http://127.0.0.1:9' });
  assert.equal(diags.length, 1);
  assert.equal(diags[0]!.severity, 'error');
  assert.equal(diags[0]!.summary, 'Invalid KONNECT_RETRY_BUDGET');
  assert.match(diags[0]!.detail, /KONNECT_RETRY_BUDGET must be a duration such as "60s"/);
  assert.equal(server.state.configured, false);
});
