import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../common/index.js';
import { CoreEmulator } from '../framework/core-checks/index.js';
import { fromJs } from '../framework/index.js';
import { Unknown } from '../cty/index.js';
import { encodeDynamic } from '../framework/server/codec.js';
import { KonnectProvider } from './index.js';

const SECRET = 'kpat_ProviderUnit_Secret_0123456789';

function setup(env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', write: (l) => void lines.push(l) });
  const server = new KonnectProvider({ env, log });
  return { server, core: new CoreEmulator(server), lines };
}

const data = (server: KonnectProvider) => server.state.providerData as { serverUrl: string; tokenSource: string; client: { baseUrl: URL } };

test('"$KONNECT_TOKEN": a warning at validate (terraform validate passes), an error at configure naming the attribute and how to pass the token', async () => {
  const { server, core } = setup({ KONNECT_TOKEN: SECRET });
  const seed = { personal_access_token: '$KONNECT_TOKEN', server_url: 'https://us.api.konghq.com/' };
  const type = server.state.providerSchema.root.type;
  const v = await server.validateProviderConfig({ config: encodeDynamic(fromJs(seed, type), type) });
  const diags = [...(v.diagnostics ?? [])];
  assert.equal(diags.length, 1);
  assert.equal(diags[0]!.severity, 'warning');
  assert.match(diags[0]!.detail, /export KONNECT_TOKEN=<your token>/);
  const c = await core.configure(seed);
  assert.equal(c.length, 1);
  assert.equal(c[0]!.severity, 'error');
  assert.match(c[0]!.summary, /personal_access_token is the literal text "\$KONNECT_TOKEN"/);
  assert.equal(String(c[0]!.path), 'personal_access_token');
  assert.equal(server.state.configured, false);
});

test('env fallbacks: KONNECT_TOKEN and KONNECT_SERVER_URL when the attributes are null; config wins over env', async () => {
  const a = setup({ KONNECT_TOKEN: SECRET, KONNECT_SERVER_URL: 'http://127.0.0.1:9999' });
  assert.deepEqual(await a.core.configure({}), []);
  assert.equal(data(a.server).serverUrl, 'http://127.0.0.1:9999');
  assert.equal(data(a.server).tokenSource, 'personal_access_token / KONNECT_TOKEN');
  assert.ok(a.lines.some((l) => l.includes('"credential_from":"KONNECT_TOKEN"')));
  assert.ok(!a.lines.join('\n').includes(SECRET), 'the token never reaches the log');

  const b = setup({ KONNECT_TOKEN: SECRET, KONNECT_SERVER_URL: 'http://127.0.0.1:9999' });
  assert.deepEqual(await b.core.configure({ server_url: 'https://eu.api.konghq.com', system_account_access_token: 'spat_x' }), []);
  assert.equal(data(b.server).serverUrl, 'https://eu.api.konghq.com');
  assert.equal(data(b.server).tokenSource, 'personal_access_token / KONNECT_TOKEN', 'KONNECT_TOKEN stands for personal_access_token, which comes first');

  const c = setup({ KONNECT_SPAT: 'spat_env' });
  assert.deepEqual(await c.core.configure({ konnect_access_token: 'kat' }), []);
  assert.equal(data(c.server).tokenSource, 'system_account_access_token / KONNECT_SPAT', 'SPAT (env) precedes konnect_access_token');

  const d = setup({});
  assert.deepEqual(await d.core.configure({ service_access_token: 'svc', konnect_access_token: 'kat' }), []);
  assert.equal(data(d.server).tokenSource, 'konnect_access_token');
  assert.equal(data(d.server).serverUrl, 'https://global.api.konghq.com');
});

test('server_url must be an http(s) URL; the error says what to write', async () => {
  const { core } = setup({});
  const diags = await core.configure({ server_url: 'us.api.konghq.com' });
  assert.equal(diags[0]?.severity, 'error');
  assert.equal(String(diags[0]?.path), 'server_url');
  assert.match(diags[0]!.detail, /https:\/\/us\.api\.konghq\.com/);
});

test('the provider block schema is the official one (sensitive tokens, plain server_url description)', async () => {
  const { server } = setup({});
  const schema = await server.getProviderSchema();
  const attrs = Object.fromEntries(schema.provider!.block.attributes!.map((a) => [a.name, a]));
  assert.deepEqual(Object.keys(attrs).sort(), ['konnect_access_token', 'personal_access_token', 'server_url', 'service_access_token', 'system_account_access_token']);
  for (const n of ['konnect_access_token', 'personal_access_token', 'service_access_token', 'system_account_access_token']) assert.equal(attrs[n]!.sensitive, true, n);
  assert.equal(attrs.server_url!.sensitive, undefined);
  assert.equal(attrs.server_url!.descriptionKind, 'plain');
  assert.equal(schema.provider!.block.description, 'Konnect API: The Konnect platform API');
});

test('no token anywhere: "No Konnect token" at configure, naming every attribute and variable, before any call', async () => {
  const { server, core } = setup({});
  const diags = await core.configure({ server_url: 'http://127.0.0.1:9' });
  assert.equal(diags.length, 1);
  assert.equal(diags[0]!.severity, 'error');
  assert.equal(diags[0]!.summary, 'No Konnect token');
  for (const p of [/personal_access_token \(or KONNECT_TOKEN\)/, /system_account_access_token \(or KONNECT_SPAT\)/, /konnect_access_token/, /service_access_token/, /export KONNECT_TOKEN=/, /export KONNECT_SPAT=/, /No call was made to http:\/\/127\.0\.0\.1:9/])
    assert.match(diags[0]!.detail, p);
  assert.equal(server.state.configured, false, 'no client, so nothing can call Konnect');

  const empty = setup({ KONNECT_SPAT: 'spat_ignored_because_config_wins' });
  const e = await empty.core.configure({ personal_access_token: '' });
  assert.deepEqual(e.map((d) => [d.severity, d.summary, String(d.path)]), [['error', 'personal_access_token is empty', 'personal_access_token']]);

  const spat = setup({ KONNECT_SPAT: 'spat_from_env' });
  assert.deepEqual(await spat.core.configure({}), [], 'KONNECT_SPAT alone is a token');

  const later = setup({});
  assert.deepEqual(await later.core.configure({ personal_access_token: Unknown.plain }), [], 'a token known only after apply is not missing');
});
